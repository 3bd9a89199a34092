package dev.digitnet.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Image bombs are refused from their headers, before the pixels are decoded. */
class ImageDecoderTest {

    /**
     * The bombs below are headers alone (no pixel data follows), so a refusal for size or
     * complexity, rather than "unreadable", shows it came from the header: no clock needed.
     */
    private static UnreadableImageException refused(byte[] bytes) {
        return assertThrows(UnreadableImageException.class, () -> ImageDecoder.decode(bytes, ImageDecoder.Limits.DEFAULT));
    }

    @Test
    void refusesByBytesPerPixel() {
        // 3000×3000 is under the pixel bound, but 16-bit RGBA decodes to 72 MB (the bound is 64 MiB).
        byte[] bomb = HostileImages.pngHeader(3000, 3000, 16, 6);
        assertTrue(bomb.length < 4096, bomb.length + " bytes");
        UnreadableImageException e = refused(bomb);
        assertEquals(UnreadableImageException.TOO_LARGE, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("64 bits") && e.getMessage().contains("72000000 bytes"), e.getMessage());
        // The same size at 8-bit grey (9 MB) passes the header checks (and then fails on the missing rows).
        UnreadableImageException gray = refused(HostileImages.pngHeader(3000, 3000, 8, 0));
        assertEquals(UnreadableImageException.UNREADABLE, gray.code(), gray.getMessage());
    }

    @Test
    void refusesByDimensions() {
        UnreadableImageException line = refused(HostileImages.pngHeader(16_777_216, 1, 8, 0));
        assertEquals(UnreadableImageException.TOO_LARGE, line.code(), line.getMessage());
        assertTrue(line.getMessage().contains("16777216×1"), line.getMessage());
        UnreadableImageException square = refused(HostileImages.pngHeader(5000, 5000, 1, 0));
        assertEquals(UnreadableImageException.TOO_LARGE, square.code(), square.getMessage());
    }

    @Test
    void refusesProgressiveJpegWithTooManyScans() {
        byte[] normal = HostileImages.progressive(HostileImages.noise(64, 64));
        int scans = ImageDecoder.jpegScans(normal);
        assertTrue(scans >= 6 && scans <= 12, scans + " scans in a default progressive JPEG");
        assertNotNull(ImageDecoder.decode(normal, ImageDecoder.Limits.DEFAULT));
        assertEquals(1, ImageDecoder.jpegScans(HostileImages.encode(HostileImages.noise(64, 64), "jpeg")));

        byte[] many = HostileImages.progressiveJpeg(256, 400);
        assertEquals(400, ImageDecoder.jpegScans(many));
        UnreadableImageException e = refused(many);
        assertEquals(UnreadableImageException.TOO_COMPLEX, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("400 scans"), e.getMessage());
    }

    @Test
    void refusesManyFramesAndOtherFormats() {
        assertNotNull(ImageDecoder.decode(HostileImages.gif(2), ImageDecoder.Limits.DEFAULT));
        UnreadableImageException frames = refused(HostileImages.gif(40));
        assertEquals(UnreadableImageException.TOO_COMPLEX, frames.code(), frames.getMessage());
        UnreadableImageException tiff = refused(HostileImages.encode(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "tiff"));
        assertEquals(UnreadableImageException.UNSUPPORTED, tiff.code(), tiff.getMessage());
    }

    @Test
    void stopsADecodeAtItsDeadline() {
        byte[] big = HostileImages.progressive(HostileImages.noise(1500, 1500));
        ImageDecoder.Limits tight = ImageDecoder.Limits.DEFAULT.withDeadline(Duration.ofMillis(1));
        // TIMEOUT (not a decoded picture) is the proof the decode was stopped; no wall-clock bound.
        UnreadableImageException e = assertThrows(UnreadableImageException.class, () -> ImageDecoder.decode(big, tight));
        assertEquals(UnreadableImageException.TIMEOUT, e.code(), e.getMessage());
        assertNotNull(ImageDecoder.decode(big, ImageDecoder.Limits.DEFAULT));
    }

    @Test
    void reservesTheHeadersWorkingMemoryAndAlwaysGivesItBack() {
        List<Long> reserved = new ArrayList<>();
        AtomicInteger open = new AtomicInteger();
        ImageDecoder.Budget budget = bytes -> {
            reserved.add(bytes);
            open.incrementAndGet();
            return open::decrementAndGet;
        };
        byte[] png = HostileImages.encode(HostileImages.noise(100, 50), "png");
        DigitInput.read(png, ImageDecoder.Limits.DEFAULT, budget);
        assertEquals(List.of(100L * 50 * 3 + 12L * 100 * 50 + PaperCleaner.BYTES_PER_PIXEL * 100L * 50), reserved,
                "24-bit raster + 12 bytes a pixel + the photo cleaning's planes");
        assertEquals(0, open.get(), "given back after preprocessing");
        // Refused from the header: nothing reserved. Broken after the header: reserved, then given back.
        assertThrows(UnreadableImageException.class,
                () -> DigitInput.read(HostileImages.pngHeader(3000, 3000, 16, 6), ImageDecoder.Limits.DEFAULT, budget));
        assertEquals(1, reserved.size());
        assertThrows(UnreadableImageException.class,
                () -> DigitInput.read(HostileImages.pngHeader(300, 300, 8, 0), ImageDecoder.Limits.DEFAULT, budget));
        assertEquals(2, reserved.size());
        assertEquals(0, open.get());
    }

    @Test
    void pngsDecodeInFileOrderToTheSamePixelsAsImageIo() throws Exception {
        java.util.Random random = new java.util.Random(3);
        int[][] cases = {{BufferedImage.TYPE_3BYTE_BGR, 3}, {BufferedImage.TYPE_4BYTE_ABGR, 4},
            {BufferedImage.TYPE_INT_RGB, 3}, {BufferedImage.TYPE_BYTE_GRAY, 1}};
        for (int[] c : cases) {
            BufferedImage picture = new BufferedImage(37, 23, c[0]);
            for (int y = 0; y < picture.getHeight(); y++) {
                for (int x = 0; x < picture.getWidth(); x++) {
                    picture.setRGB(x, y, random.nextInt());
                }
            }
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(picture, "png", png);
            BufferedImage ours = ImageDecoder.decode(png.toByteArray(), ImageDecoder.Limits.DEFAULT);
            BufferedImage imageIo = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png.toByteArray()));
            assertEquals(c[1], ours.getRaster().getNumBands(), "type " + c[0]);
            for (int y = 0; y < picture.getHeight(); y++) {
                for (int x = 0; x < picture.getWidth(); x++) {
                    assertEquals(imageIo.getRGB(x, y), ours.getRGB(x, y), "type " + c[0] + " at " + x + "," + y);
                }
            }
            if (c[1] >= 3) {
                // Colour PNGs come back in the file's R, G, B(, A) order, not reordered to ImageIO's BGR.
                int[] offsets = ((java.awt.image.PixelInterleavedSampleModel) ours.getSampleModel()).getBandOffsets();
                assertEquals(List.of(0, 1, 2), List.of(offsets[0], offsets[1], offsets[2]), "type " + c[0]);
            }
        }
    }
}
