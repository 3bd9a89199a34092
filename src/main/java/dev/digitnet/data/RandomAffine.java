package dev.digitnet.data;

import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomAffine}: rotation, translation, scale and x-shear about the image
 * centre, bilinear, zero fill. Positive angles rotate counter-clockwise as the image is viewed.
 *
 * @param maxDegrees rotation drawn from ±maxDegrees
 * @param maxTranslateX horizontal shift up to this fraction of the width
 * @param maxTranslateY vertical shift up to this fraction of the height
 * @param minScale smallest scale factor
 * @param maxScale largest scale factor
 * @param maxShearX x-shear drawn from ±maxShearX degrees (no y-shear, as torchvision with two values)
 */
public record RandomAffine(double maxDegrees, double maxTranslateX, double maxTranslateY,
        double minScale, double maxScale, double maxShearX) {

    /** The model card's augmentation: ±30°, 10 %/20 % shift, scale 0.75–1.25, shear ±10°. */
    public static RandomAffine modelCard() {
        return new RandomAffine(30, 0.1, 0.2, 0.75, 1.25, 10);
    }

    /** One draw of the transform; translations are whole pixels, as torchvision rounds them. */
    public record Params(double angleDeg, double tx, double ty, double scale, double shearXDeg, double shearYDeg) {
        public static Params identity() {
            return new Params(0, 0, 0, 1, 0, 0);
        }
    }

    /** Draws parameters in torchvision's order: angle, translation, scale, shear. */
    public Params sample(RandomGenerator rng, int width, int height) {
        double angle = uniform(rng, -maxDegrees, maxDegrees);
        double maxDx = maxTranslateX * width;
        double maxDy = maxTranslateY * height;
        double tx = Math.round(uniform(rng, -maxDx, maxDx));
        double ty = Math.round(uniform(rng, -maxDy, maxDy));
        double scale = uniform(rng, minScale, maxScale);
        double shear = uniform(rng, -maxShearX, maxShearX);
        return new Params(angle, tx, ty, scale, shear, 0);
    }

    private static double uniform(RandomGenerator rng, double from, double to) {
        return from + (to - from) * rng.nextDouble();
    }

    /**
     * Writes the transformed {@code src} into {@code dst}. Like torchvision, every output pixel is
     * mapped back through the inverse affine matrix (about the centre) and sampled bilinearly, with
     * zeros outside the source.
     */
    public void apply(float[] src, float[] dst, int width, int height, Params p) {
        // torchvision's _get_inverse_affine_matrix, tensor path (angle negated, centre-relative).
        double rot = Math.toRadians(-p.angleDeg());
        double sx = Math.toRadians(p.shearXDeg());
        double sy = Math.toRadians(p.shearYDeg());
        double a = Math.cos(rot - sy) / Math.cos(sy);
        double b = -Math.cos(rot - sy) * Math.tan(sx) / Math.cos(sy) - Math.sin(rot);
        double c = Math.sin(rot - sy) / Math.cos(sy);
        double d = -Math.sin(rot - sy) * Math.tan(sx) / Math.cos(sy) + Math.cos(rot);
        double m0 = d / p.scale();
        double m1 = -b / p.scale();
        double m3 = -c / p.scale();
        double m4 = a / p.scale();
        double m2 = m0 * -p.tx() + m1 * -p.ty();
        double m5 = m3 * -p.tx() + m4 * -p.ty();
        double cx = (width - 1) * 0.5;
        double cy = (height - 1) * 0.5;
        for (int y = 0; y < height; y++) {
            double oy = y - cy;
            for (int x = 0; x < width; x++) {
                double ox = x - cx;
                double ix = m0 * ox + m1 * oy + m2 + cx;
                double iy = m3 * ox + m4 * oy + m5 + cy;
                dst[y * width + x] = sample(src, width, height, ix, iy);
            }
        }
    }

    /** Bilinear sample at (x, y) in pixel coordinates; neighbours outside the image count as 0. */
    private static float sample(float[] src, int width, int height, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) {
            return 0f;
        }
        double fx = x - x0;
        double fy = y - y0;
        double v00 = pixel(src, width, height, x0, y0);
        double v10 = pixel(src, width, height, x0 + 1, y0);
        double v01 = pixel(src, width, height, x0, y0 + 1);
        double v11 = pixel(src, width, height, x0 + 1, y0 + 1);
        return (float) ((v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy);
    }

    private static float pixel(float[] src, int width, int height, int x, int y) {
        return x < 0 || y < 0 || x >= width || y >= height ? 0f : src[y * width + x];
    }
}
