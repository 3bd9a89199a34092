package dev.digitnet.input;

import dev.digitnet.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What the input path made of one picture, for a person to see why it was read as it was: the
 * route it took, the cleaned picture the digit was cut from (ink dark on white, at the size it was
 * worked on) and the 28×28 image the model saw. Pass one to {@link DigitInput}; not thread-safe.
 */
public final class InputTrace {

    /** How a picture was read. */
    public enum Route {
        /** A clean drawing, scan or MNIST picture: normalised directly, as always. */
        CLEAN("clean"),
        /** A photo of paper: cleaned by {@link PaperCleaner} first. */
        PHOTO("photo"),
        /** No contrast at all: blank. */
        BLANK("blank"),
        /** A 28×28 grid of numbers, only resized. */
        GRID("grid");

        private final String id;

        Route(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private Route route;
    private float[] cleaned;
    private int width;
    private int height;
    private ModelInput input;

    /** The route taken, {@code null} before a picture went through. */
    public Route route() {
        return route;
    }

    /** The input the model was given. */
    public ModelInput input() {
        return input;
    }

    void route(Route r) {
        route = r;
    }

    void cleaned(float[] ink, int w, int h) {
        cleaned = ink.clone();
        width = w;
        height = h;
    }

    void input(ModelInput in) {
        input = in;
    }

    /** The cleaned picture: ink dark on white, or {@code null} when there was none (blank, grid). */
    public BufferedImage cleanedPicture() {
        if (cleaned == null) {
            return null;
        }
        return gray(cleaned, width, height, true);
    }

    /** The 28×28 image the model saw, as MNIST shows it (ink white on black). */
    public BufferedImage picture28() {
        return input == null ? null : gray(input.image28(), ModelInput.MNIST_SIZE, ModelInput.MNIST_SIZE, false);
    }

    /**
     * Writes {@code STEM.cleaned.png} (when there is one), {@code STEM.28x28.png} and {@code
     * STEM.input.json} (the route and the exact 28×28 values, row-major) into {@code dir}, each
     * atomically ({@link AtomicFiles}), returning the files written.
     */
    public List<Path> write(Path dir, String stem) throws IOException {
        List<Path> written = new ArrayList<>();
        BufferedImage c = cleanedPicture();
        if (c != null) {
            written.add(png(c, dir.resolve(stem + ".cleaned.png")));
        }
        BufferedImage small = picture28();
        if (small != null) {
            written.add(png(small, dir.resolve(stem + ".28x28.png")));
            StringBuilder json = new StringBuilder("{\"route\": \"" + route.id() + "\", \"empty\": " + input.empty()
                    + ", \"image28\": [");
            float[] v = input.image28();
            for (int i = 0; i < v.length; i++) {
                // Float.toString gives the shortest decimal that reads back as the same float.
                json.append(i == 0 ? "" : i % ModelInput.MNIST_SIZE == 0 ? ",\n  " : ", ").append(Float.toString(v[i]));
            }
            json.append("]}\n");
            Path j = dir.resolve(stem + ".input.json");
            AtomicFiles.write(j, json.toString().getBytes(StandardCharsets.UTF_8));
            written.add(j);
        }
        return written;
    }

    private static Path png(BufferedImage image, Path file) throws IOException {
        AtomicFiles.writeFile(file, AtomicFiles.Policy.OWNED, tmp -> ImageIO.write(image, "png", tmp.toFile()));
        return file;
    }

    private static BufferedImage gray(float[] v, int w, int h, boolean inkDark) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < w * h; i++) {
            int g = Math.round(255 * Math.min(1f, Math.max(0f, v[i])));
            data[i] = (byte) (inkDark ? 255 - g : g);
        }
        return image;
    }
}
