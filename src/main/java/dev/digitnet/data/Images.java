package dev.digitnet.data;

import java.util.stream.IntStream;

/** Pixel helpers on row-major grey-scale float images. */
public final class Images {

    /**
     * Side of the model's input (32: MNIST's 28 resized, as the models are trained). {@code data}
     * declares it because it cannot see the model's config; {@code InputShapeTest} checks that every
     * bundled model takes it.
     */
    public static final int MODEL_SIZE = 32;

    private Images() {}

    /**
     * Bilinear resize with PyTorch's conventions ({@code align_corners=False}, half-pixel centres,
     * edges clamped, no antialiasing), as torchvision's {@code Resize} does when enlarging.
     */
    public static void resizeBilinear(float[] src, int sw, int sh, float[] dst, int dw, int dh) {
        float scaleX = (float) sw / dw;
        float scaleY = (float) sh / dh;
        for (int y = 0; y < dh; y++) {
            float sy = Math.max(0f, (y + 0.5f) * scaleY - 0.5f);
            int y0 = Math.min((int) sy, sh - 1);
            int y1 = Math.min(y0 + 1, sh - 1);
            float wy = sy - y0;
            for (int x = 0; x < dw; x++) {
                float sx = Math.max(0f, (x + 0.5f) * scaleX - 0.5f);
                int x0 = Math.min((int) sx, sw - 1);
                int x1 = Math.min(x0 + 1, sw - 1);
                float wx = sx - x0;
                float top = src[y0 * sw + x0] * (1 - wx) + src[y0 * sw + x1] * wx;
                float bottom = src[y1 * sw + x0] * (1 - wx) + src[y1 * sw + x1] * wx;
                dst[y * dw + x] = top * (1 - wy) + bottom * wy;
            }
        }
    }

    /** Unsigned bytes scaled to [0, 1]. */
    public static float[] toUnitFloats(byte[] pixels, int offset, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (pixels[offset + i] & 0xff) / 255f;
        }
        return out;
    }

    /** Every 28×28 image of the split resized to the model's 32×32, in [0, 1], one after another. */
    public static float[] mnistTo32(MnistSplit split) {
        int side = MODEL_SIZE;
        int in = MnistSplit.SIDE * MnistSplit.SIDE;
        int out = side * side;
        float[] result = new float[split.count() * out];
        IntStream.range(0, split.count()).parallel().forEach(i -> {
            float[] image = toUnitFloats(split.images(), i * in, in);
            float[] resized = new float[out];
            resizeBilinear(image, MnistSplit.SIDE, MnistSplit.SIDE, resized, side, side);
            System.arraycopy(resized, 0, result, i * out, out);
        });
        return result;
    }
}
