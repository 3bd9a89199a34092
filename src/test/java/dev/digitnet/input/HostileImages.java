package dev.digitnet.input;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;

/** Small hostile images, made in memory: headers that promise far more than their bytes hold. */
public final class HostileImages {

    private HostileImages() {}

    /**
     * A valid PNG header of any size and layout ({@code colorType} 0 gray, 2 RGB, 6 RGBA) whose
     * image data is one compressed row of zeros: a few hundred bytes that declare the whole picture.
     */
    public static byte[] pngHeader(int width, int height, int bitDepth, int colorType) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.write(new byte[] {(byte) bitDepth, (byte) colorType, 0, 0, 0});
            chunk(out, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
                z.write(new byte[Math.min(width, 4096) + 1]);
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    /** A noisy grey picture, so that every encoder has work to do. */
    public static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(7);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = random.nextInt(256);
                image.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        return image;
    }

    /** A progressive JPEG whose scans are repeated until it has at least {@code scans}. */
    public static byte[] progressiveJpeg(int side, int scans) {
        byte[] jpeg = progressive(noise(side, side));
        // Split into the header (up to the first SOS), the scans (SOS + data each) and EOI.
        int first = -1;
        java.util.List<int[]> scanRanges = new java.util.ArrayList<>();
        int i = 2;
        while (i + 3 < jpeg.length) {
            int marker = jpeg[i + 1] & 0xff;
            if (marker == 0xd9) {
                break;
            }
            int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
            int start = i;
            i += 2 + length;
            if (marker == 0xda) {
                while (i + 1 < jpeg.length && !((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) != 0
                        && ((jpeg[i + 1] & 0xff) < 0xd0 || (jpeg[i + 1] & 0xff) > 0xd7))) {
                    i++;
                }
                if (first < 0) {
                    first = start;
                }
                scanRanges.add(new int[] {start, i});
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, scanRanges.get(0)[0]);
        int written = 0;
        for (int round = 0; written < scans; round++) {
            // The first (DC) scan once, then the refinement scans again and again.
            for (int s = round == 0 ? 0 : 1; s < scanRanges.size() && written < scans; s++, written++) {
                int[] r = scanRanges.get(s);
                out.write(jpeg, r[0], r[1] - r[0]);
            }
        }
        out.write(0xff);
        out.write(0xd9);
        return out.toByteArray();
    }

    static byte[] progressive(BufferedImage image) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An animated GIF of {@code frames} tiny frames. */
    public static byte[] gif(int frames) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.prepareWriteSequence(null);
                BufferedImage frame = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED);
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
                for (int f = 0; f < frames; f++) {
                    writer.writeToSequence(new IIOImage(frame, null, meta), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any picture in a format ImageIO writes (tests use "tiff"). */
    public static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalStateException("no " + format + " writer");
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
