package dev.digitnet.data;

import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomAffine} on tensors: rotation, translation, scale and x-shear about the
 * image centre, bilinear, zero fill. As in torchvision's {@code F.affine} (unlike {@code F.rotate}),
 * a positive angle turns the image <em>clockwise</em> as it is viewed (y pointing down). Checked
 * pixel for pixel against torchvision 0.28.
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

    /**
     * One draw of the transform. Translations are in pixels (positive: right and down); torchvision
     * draws them as whole pixels.
     */
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
        // Math.rint rounds halves to even, as Python's round() does.
        double tx = Math.rint(uniform(rng, -maxDx, maxDx));
        double ty = Math.rint(uniform(rng, -maxDy, maxDy));
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
        // torchvision's _get_inverse_affine_matrix as F.affine calls it on tensors: centre-relative
        // coordinates, angle not negated (F.rotate negates it, hence its opposite direction).
        double rot = Math.toRadians(p.angleDeg());
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
        // Pixel centres relative to the image centre, as torchvision's affine grid (align_corners=False).
        double cx = (width - 1) * 0.5;
        double cy = (height - 1) * 0.5;
        double m2 = m0 * -p.tx() + m1 * -p.ty() + cx;
        double m5 = m3 * -p.tx() + m4 * -p.ty() + cy;
        for (int y = 0; y < height; y++) {
            double oy = y - cy;
            double rowX = m1 * oy + m2;
            double rowY = m4 * oy + m5;
            for (int x = 0; x < width; x++) {
                double ox = x - cx;
                dst[y * width + x] = sample(src, width, height, m0 * ox + rowX, m3 * ox + rowY);
            }
        }
    }

    /**
     * Bilinear sample at (x, y) in pixel coordinates, neighbours outside the image counting as 0,
     * multiplied by the share of the four weights that fell inside. That second factor is
     * torchvision's fill: it samples a channel of ones alongside and blends {@code v * mask +
     * (1 - mask) * fill}, which for fill 0 dims pixels whose footprint straddles the border.
     */
    private static float sample(float[] src, int width, int height, double x, double y) {
        double fx0 = Math.floor(x);
        double fy0 = Math.floor(y);
        int x0 = (int) fx0;
        int y0 = (int) fy0;
        if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) {
            return 0f;
        }
        double fx = x - fx0;
        double fy = y - fy0;
        double wx0 = x0 >= 0 ? 1 - fx : 0;
        double wx1 = x0 + 1 < width ? fx : 0;
        double wy0 = y0 >= 0 ? 1 - fy : 0;
        double wy1 = y0 + 1 < height ? fy : 0;
        double value = 0;
        if (wy0 != 0) {
            value += wy0 * row(src, y0 * width + x0, wx0, wx1);
        }
        if (wy1 != 0) {
            value += wy1 * row(src, (y0 + 1) * width + x0, wx0, wx1);
        }
        return (float) (value * (wx0 + wx1) * (wy0 + wy1));
    }

    /** {@code wx0 * src[i] + wx1 * src[i + 1]}, reading only the pixels with a weight. */
    private static double row(float[] src, int i, double wx0, double wx1) {
        double v = 0;
        if (wx0 != 0) {
            v += wx0 * src[i];
        }
        if (wx1 != 0) {
            v += wx1 * src[i + 1];
        }
        return v;
    }
}
