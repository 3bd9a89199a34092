package dev.digitnet.input;

import boofcv.alg.filter.binary.LinearContourLabelChang2004;
import boofcv.alg.filter.blur.BlurImageOps;
import boofcv.concurrency.BoofConcurrency;
import boofcv.struct.ConnectRule;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.GrayS32;
import boofcv.struct.image.GrayU8;
import java.util.Arrays;

/**
 * Finds the digit in a photo of paper and returns its ink, ready for {@link MnistNormalizer}: the
 * steps a clean drawing does not need.
 *
 * <ol>
 *   <li>the picture is shrunk (area averaging) to at most {@link ImageDecoder#WORKING_SIDE}
 *       pixels a side, so the rest costs the same for any photo;
 *   <li>paper is made light: only a plain negative (chalk on a board) is inverted, never a
 *       photo whose median sits in a shadow or in dim light;
 *   <li>the lighting is evened out: the paper's brightness at each pixel is estimated by a
 *       grey-level closing (the largest brightness near it, then the least of those), which
 *       removes every dark mark narrower than its window but keeps a shadow's or a page's edge;
 *       ink is how much darker than that paper a pixel is, as a share of it (so a shadowed stroke
 *       and a lit one are equally dark), or of a quarter of the lit paper where the "paper" is
 *       darker than that (a table beyond the page's edge);
 *   <li>ink is told from paper by thresholds that adapt to the picture: above the paper's own
 *       noise and above a quarter of the strongest ink;
 *   <li>ruled and squared lines are removed: long thin rows (and columns) of ink across the
 *       page, found at the page's tilt, except where a stroke crosses them;
 *   <li>the digit is the group of strokes around the strongest ink that does not touch the
 *       picture's edge or the dark outside the page (page edges, shadows, a table and stray marks
 *       do), together with the strokes near it (a 4 or a 5 written in two strokes).
 * </ol>
 *
 * <p>Every plane is at the working size, so the memory is bounded ({@link #BYTES_PER_PIXEL} a
 * working pixel) whatever the photo's size. The image processing (blur, connected components)
 * is BoofCV's, single-threaded: a request runs on one thread.
 */
final class PaperCleaner {

    static {
        // One request, one thread: BoofCV's own thread pool would make a request's cost depend on others'.
        BoofConcurrency.USE_CONCURRENT = false;
    }

    /**
     * Heap a working pixel takes at most, all planes together: floats for the plane, its blur, the
     * closing (two planes and two running-extreme planes, each on the picture extended by twice
     * the radius: about 2.2 times the pixels), the paper and the ink; bytes for the masks; the line
     * search's coordinates, the component labels, and the page's outside (a byte and an int of
     * flood-fill stack a pixel). Counted at 80, above the roughly 75 that adding up the planes
     * alive at once gives (an estimate, not a measurement).
     */
    static final int BYTES_PER_PIXEL = 80;

    /** Blur before anything else: sensor noise and JPEG blocks, not strokes. */
    static final double BLUR_SIGMA = 1.0;
    /**
     * The closing's window, as a share of the working picture's long side: wider than any stroke (a
     * stroke wider than it would come out hollow); a smooth background (a gradient, vignetting)
     * and a shadow's edge come through a closing of any width unchanged.
     */
    static final double CLOSING_SHARE = 1 / 5.0;
    /**
     * Paper darker than this share of the lit paper's brightness is no paper to write on (a table
     * beyond the page's edge, the dark around a page): ink there is measured against paper of this
     * brightness, not as a share of next to nothing. A shadow on the page (up to 60 % darker in the
     * photo benchmark) stays above it.
     */
    static final float DARK_PAPER = 0.25f;
    /** The lit paper's brightness: this quantile of the paper's estimated brightness. */
    static final float LIT_PAPER_QUANTILE = 0.9f;
    /** A negative's light strokes cover less than this share of it. */
    static final double NEGATIVE_LIGHT_SHARE = 0.2;
    /** Least ink (share of the paper's brightness) a mark must have; 6 %. */
    static final float MIN_INK = 0.06f;
    /** Marks fainter than this share of the strongest ink are paper texture, faint lines, shadows. */
    static final float RELATIVE_FLOOR = 0.25f;
    /** A group of strokes needs a pixel at least this share of the strongest ink. */
    static final float STRONG = 0.5f;
    /** Largest tilt of ruled lines searched, degrees, and the step. */
    static final double MAX_TILT = 8, TILT_STEP = 0.5;
    /** A ruled line covers at least this share of the picture's width. */
    static final double LINE_COVER = 0.35;
    /** Thickest ruled line, as a share of the working picture's long side. */
    static final double LINE_THICKNESS = 0.012;

    /** The least long side a digit's strokes can have, as a share of the working picture's long side. */
    static final double MIN_DIGIT_SHARE = 0.03;

    private PaperCleaner() {}

    /** The least long side of a digit in a working picture of {@code w×h}: specks are smaller. */
    static int minSide(int w, int h) {
        return Math.max(8, (int) Math.ceil(MIN_DIGIT_SHARE * Math.max(w, h)));
    }

    /**
     * The digit's ink in a photo of paper, in a plane of the working size, or {@code null} when
     * there is none.
     *
     * @param lum luminance of the picture, {@code w×h}, in [0, 1]
     * @param trace where to leave the cleaned picture, or {@code null}
     */
    static MnistNormalizer.Ink clean(float[] lum, int w, int h, InputTrace trace) {
        // 1. The working size.
        int side = ImageDecoder.WORKING_SIDE;
        float[] plane = lum;
        int ww = w, wh = h;
        if (Math.max(w, h) > side) {
            double f = (double) side / Math.max(w, h);
            ww = Math.max(1, (int) Math.round(w * f));
            wh = Math.max(1, (int) Math.round(h * f));
            plane = MnistNormalizer.resample(lum, w, h, ww, wh);
        }
        int n = ww * wh;
        // 2. Light paper. Photos of paper have dark ink on light paper, however dim the light or
        // wide the shadow (a shadow over most of the page puts the median in the shadow, and the lit
        // paper then looks like light ink), so the picture is turned into a negative only when it is
        // plainly one, chalk on a board: mostly dark, its lightest pixels far further above the
        // median than its darkest are below it, and those light pixels few (strokes, not a lit part
        // of the page).
        float[] q = percentiles(plane, 0.002f, 0.5f, 0.998f);
        float darkTail = q[0];
        float middle = q[1];
        float lightTail = q[2];
        if (middle < 0.5f && lightTail - middle > 3 * (middle - darkTail)
                && share(plane, (middle + lightTail) / 2) < NEGATIVE_LIGHT_SHARE) {
            float[] negative = new float[n];
            for (int i = 0; i < n; i++) {
                negative[i] = 1 - plane[i];
            }
            plane = negative;
        }
        // 3. The paper's brightness at each pixel.
        GrayF32 blurred = BlurImageOps.gaussian(wrap(plane, ww, wh), null, BLUR_SIGMA, -1, null);
        int window = Math.max(3, (int) Math.round(Math.max(ww, wh) * CLOSING_SHARE)) | 1;
        float[] paper = closing(blurred.data, ww, wh, window / 2);
        // Even lighting: ink is how much darker than its paper a pixel is, as a share of the paper,
        // where there is paper: against near-black "paper" (a dark table beyond the page's edge), a
        // share of next to nothing made the table's noise along the page's edge into strong ink (a
        // thin line or a cross at a page corner, kept with the digit).
        float dark = Math.max(1e-3f, DARK_PAPER * percentiles(paper, LIT_PAPER_QUANTILE)[0]);
        float[] ink = new float[n];
        float strongest = 0;
        for (int i = 0; i < n; i++) {
            float p = paper[i];
            float v = p >= dark ? 1 - blurred.data[i] / p : (p - blurred.data[i]) / dark;
            v = Math.max(0f, v);
            ink[i] = v;
            strongest = Math.max(strongest, v);
        }
        // 4. Thresholds from the picture: the paper's noise and the strongest ink.
        // The paper's noise from the lower half of the ink values alone, which is paper unless ink
        // covers half the picture (a big, bold digit can cover a fifth).
        float[] iq = percentiles(ink, 0.1f, 0.5f);
        float median = iq[1];
        float spread = median - iq[0];
        float floor = Math.max(Math.max(MIN_INK, median + 4 * spread), RELATIVE_FLOOR * strongest);
        if (strongest < 2 * MIN_INK || floor >= strongest) {
            return traced(trace, null, ww, wh);
        }
        byte[] mask = new byte[n];
        for (int i = 0; i < n; i++) {
            mask[i] = ink[i] > floor ? (byte) 1 : 0;
        }
        // 5. Ruled and squared lines.
        int thickest = Math.max(2, (int) Math.round(Math.max(ww, wh) * LINE_THICKNESS));
        removeLines(mask, ww, wh, thickest, false);
        removeLines(mask, ww, wh, thickest, true);
        // 6. The digit: the strokes around the strongest ink.
        Group group = digitGroup(mask, ink, ww, wh, STRONG * strongest, outside(blurred.data, ww, wh, dark));
        if (group == null) {
            return traced(trace, null, ww, wh);
        }
        // The digit's ink, stretched so that its strong strokes are 1; anti-aliased edges (one pixel
        // around the kept strokes) are kept as they are.
        float top = 0;
        int gx0 = ww, gy0 = wh, gx1 = -1, gy1 = -1;
        for (int i = 0; i < n; i++) {
            if (group.contains(i)) {
                top = Math.max(top, ink[i]);
                gx0 = Math.min(gx0, i % ww);
                gx1 = Math.max(gx1, i % ww);
                gy0 = Math.min(gy0, i / ww);
                gy1 = Math.max(gy1, i / ww);
            }
        }
        float[] out = new float[n];
        float lo = floor / 2;
        float gain = 1 / Math.max(1e-6f, (top - lo));
        for (int y = Math.max(0, gy0 - 1); y <= Math.min(wh - 1, gy1 + 1); y++) {
            for (int x = Math.max(0, gx0 - 1); x <= Math.min(ww - 1, gx1 + 1); x++) {
                if (group.near(x, y, ww, wh)) {
                    int i = y * ww + x;
                    out[i] = Math.min(1f, Math.max(0f, (ink[i] - lo) * gain));
                }
            }
        }
        MnistNormalizer.Ink result = MnistNormalizer.boxed(out, ww, wh);
        return traced(trace, result, ww, wh);
    }

    private static MnistNormalizer.Ink traced(InputTrace trace, MnistNormalizer.Ink ink, int w, int h) {
        if (trace != null) {
            trace.cleaned(ink == null ? new float[w * h] : ink.values(), w, h);
        }
        return ink;
    }

    private static GrayF32 wrap(float[] data, int w, int h) {
        GrayF32 image = new GrayF32();
        image.width = w;
        image.height = h;
        image.stride = w;
        image.startIndex = 0;
        image.data = data;
        return image;
    }

    /** The share of values above {@code level}. */
    static double share(float[] values, float level) {
        int above = 0;
        for (float v : values) {
            above += v > level ? 1 : 0;
        }
        return (double) above / values.length;
    }

    /** The values below which the shares {@code qs} (ascending) of the values lie, to 1/1024; values in [0, 1]. */
    static float[] percentiles(float[] values, float... qs) {
        int bins = 1024;
        int[] hist = new int[bins + 1];
        for (float v : values) {
            hist[Math.min(bins, Math.max(0, (int) (v * bins)))]++;
        }
        float[] out = new float[qs.length];
        long seen = 0;
        int b = 0;
        for (int k = 0; k < qs.length; k++) {
            long target = (long) Math.ceil(qs[k] * values.length);
            while (b <= bins && seen + hist[b] < target) {
                seen += hist[b++];
            }
            out[k] = Math.min(1f, (float) b / bins);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // Grey-level closing
    // ------------------------------------------------------------------------------------------

    /**
     * Closing with a square window of side {@code 2r+1}: the largest value in the window, then the
     * least of those. BoofCV has binary morphology only; each pass here is van Herk / Gil–Werman's
     * running extreme, three comparisons a pixel whatever the window. The picture is first
     * extended by {@code 2r} on every side with its edge values: the largest values must be
     * known {@code r} beyond the edge for the least of them to be right at the edge (without it, a
     * page darkening towards the picture's edge came out as a band of ink along it).
     */
    static float[] closing(float[] src, int w, int h, int r) {
        int pad = 2 * r;
        int pw = w + 2 * pad, ph = h + 2 * pad;
        float[] a = new float[pw * ph];
        for (int y = 0; y < ph; y++) {
            int sy = Math.min(h - 1, Math.max(0, y - pad)) * w;
            for (int x = 0; x < pw; x++) {
                a[y * pw + x] = src[sy + Math.min(w - 1, Math.max(0, x - pad))];
            }
        }
        float[] b = new float[pw * ph];
        extreme(a, b, pw, ph, r, true, true);
        extreme(b, a, pw, ph, r, true, false);
        extreme(a, b, pw, ph, r, false, true);
        extreme(b, a, pw, ph, r, false, false);
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(a, (y + pad) * pw + pad, out, y * w, w);
        }
        return out;
    }

    /**
     * Running max (or min) over {@code 2r+1} pixels along rows (or columns), edges clamped. Both
     * directions walk the plane row by row (a column pass runs down all columns at once), so that
     * memory is read in order: column by column, the plane's rows are a cache miss apart.
     */
    private static void extreme(float[] src, float[] dst, int w, int h, int r, boolean max, boolean rows) {
        if (rows) {
            extremeRows(src, dst, w, h, r, max);
        } else {
            extremeColumns(src, dst, w, h, r, max);
        }
    }

    private static void extremeRows(float[] src, float[] dst, int w, int h, int r, boolean max) {
        int k = 2 * r + 1;
        int size = (w + 2 * r + k - 1) / k * k;
        float[] line = new float[size];
        float[] g = new float[size];
        float[] hh = new float[size];
        float fill = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        for (int y = 0; y < h; y++) {
            int base = y * w;
            Arrays.fill(line, 0, r, src[base]);
            System.arraycopy(src, base, line, r, w);
            Arrays.fill(line, r + w, Math.min(size, 2 * r + w), src[base + w - 1]);
            Arrays.fill(line, Math.min(size, 2 * r + w), size, fill);
            for (int s = 0; s < size; s += k) {
                g[s] = line[s];
                for (int i = s + 1; i < s + k; i++) {
                    g[i] = max ? Math.max(g[i - 1], line[i]) : Math.min(g[i - 1], line[i]);
                }
                hh[s + k - 1] = line[s + k - 1];
                for (int i = s + k - 2; i >= s; i--) {
                    hh[i] = max ? Math.max(hh[i + 1], line[i]) : Math.min(hh[i + 1], line[i]);
                }
            }
            // Output j covers padded [j, j + 2r]: g at its end, h at its start.
            for (int j = 0; j < w; j++) {
                dst[base + j] = max ? Math.max(hh[j], g[j + 2 * r]) : Math.min(hh[j], g[j + 2 * r]);
            }
        }
    }

    private static void extremeColumns(float[] src, float[] dst, int w, int h, int r, boolean max) {
        int k = 2 * r + 1;
        int size = (h + 2 * r + k - 1) / k * k;
        float[] g = new float[size * w];
        float[] hh = new float[size * w];
        for (int i = 0; i < size; i++) {
            int s = sourceRow(i - r, h) * w;
            int o = i * w;
            if (i % k == 0) {
                System.arraycopy(src, s, g, o, w);
            } else if (max) {
                for (int x = 0; x < w; x++) {
                    g[o + x] = Math.max(g[o - w + x], src[s + x]);
                }
            } else {
                for (int x = 0; x < w; x++) {
                    g[o + x] = Math.min(g[o - w + x], src[s + x]);
                }
            }
        }
        for (int i = size - 1; i >= 0; i--) {
            int s = sourceRow(i - r, h) * w;
            int o = i * w;
            if (i % k == k - 1) {
                System.arraycopy(src, s, hh, o, w);
            } else if (max) {
                for (int x = 0; x < w; x++) {
                    hh[o + x] = Math.max(hh[o + w + x], src[s + x]);
                }
            } else {
                for (int x = 0; x < w; x++) {
                    hh[o + x] = Math.min(hh[o + w + x], src[s + x]);
                }
            }
        }
        for (int j = 0; j < h; j++) {
            int a = j * w;
            int b = (j + 2 * r) * w;
            for (int x = 0; x < w; x++) {
                dst[a + x] = max ? Math.max(hh[a + x], g[b + x]) : Math.min(hh[a + x], g[b + x]);
            }
        }
    }

    /** The source row of padded row {@code j}, edges clamped. */
    private static int sourceRow(int j, int h) {
        return Math.max(0, Math.min(h - 1, j));
    }

    // ------------------------------------------------------------------------------------------
    // Ruled and squared lines
    // ------------------------------------------------------------------------------------------

    /**
     * Removes ruled lines from {@code mask}: horizontal ones, or vertical ones when {@code
     * vertical}. The page's tilt is the angle at which the thin runs of ink pile up into the
     * sharpest rows; each such row that covers {@link #LINE_COVER} of the width is a line, and its
     * pixels are cleared except where ink carries on above and below it (a stroke crossing it).
     */
    static void removeLines(byte[] mask, int w, int h, int thickest, boolean vertical) {
        // Along the line (u, length U) and across it (v, length V).
        int U = vertical ? h : w;
        int V = vertical ? w : h;
        // Thin runs across: line candidates. A run of ink across the line direction at most `thickest` long.
        byte[] thin = new byte[w * h];
        int candidates = 0;
        for (int u = 0; u < U; u++) {
            int v = 0;
            while (v < V) {
                if (mask[index(u, v, w, vertical)] == 0) {
                    v++;
                    continue;
                }
                int start = v;
                while (v < V && mask[index(u, v, w, vertical)] != 0) {
                    v++;
                }
                if (v - start <= thickest) {
                    for (int t = start; t < v; t++) {
                        thin[index(u, t, w, vertical)] = 1;
                    }
                    candidates += v - start;
                }
            }
        }
        if (candidates < LINE_COVER * U) {
            return;
        }
        // The tilt: the shear v' = v − u·tan θ that piles the candidates into the sharpest rows.
        int[] us = new int[candidates];
        int[] vs = new int[candidates];
        int c = 0;
        for (int u = 0; u < U; u++) {
            for (int v = 0; v < V; v++) {
                if (thin[index(u, v, w, vertical)] != 0) {
                    us[c] = u;
                    vs[c++] = v;
                }
            }
        }
        int margin = (int) Math.ceil(U * Math.tan(Math.toRadians(MAX_TILT))) + 1;
        int rows = V + 2 * margin;
        int[] hist = new int[rows];
        double bestScore = -1, bestSlope = 0;
        for (double deg = -MAX_TILT; deg <= MAX_TILT + 1e-9; deg += TILT_STEP) {
            double slope = Math.tan(Math.toRadians(deg));
            Arrays.fill(hist, 0);
            for (int i = 0; i < c; i++) {
                hist[(int) Math.round(vs[i] - us[i] * slope) + margin]++;
            }
            double score = 0;
            for (int x : hist) {
                score += (double) x * x;
            }
            if (score > bestScore) {
                bestScore = score;
                bestSlope = slope;
            }
        }
        Arrays.fill(hist, 0);
        for (int i = 0; i < c; i++) {
            hist[(int) Math.round(vs[i] - us[i] * bestSlope) + margin]++;
        }
        // Lines: sheared rows (with their neighbours, a line is rarely exactly one row) covering enough of the width.
        boolean[] line = new boolean[rows];
        boolean any = false;
        for (int r = 1; r < rows - 1; r++) {
            int cover = Math.max(hist[r], Math.max(hist[r - 1], hist[r + 1]));
            if (hist[r] > 0 && cover + Math.min(hist[r - 1], hist[r + 1]) >= LINE_COVER * U) {
                line[r] = true;
                any = true;
            }
        }
        if (!any) {
            return;
        }
        // Clear thin runs on a line unless ink carries on beyond the run on both sides (a crossing stroke).
        int reach = 2;
        for (int i = 0; i < c; i++) {
            int u = us[i], v = vs[i];
            if (!line[(int) Math.round(v - u * bestSlope) + margin]) {
                continue;
            }
            int a = v, b = v;
            while (a > 0 && thin[index(u, a - 1, w, vertical)] != 0) {
                a--;
            }
            while (b < V - 1 && thin[index(u, b + 1, w, vertical)] != 0) {
                b++;
            }
            if (!(crosses(mask, thin, u, a - 1, -1, reach, U, V, w, vertical)
                    && crosses(mask, thin, u, b + 1, 1, reach, U, V, w, vertical))) {
                mask[index(u, v, w, vertical)] = 0;
            }
        }
    }

    /** Whether there is ink that is not a line candidate just beyond a run, within ±1 along the line. */
    private static boolean crosses(byte[] mask, byte[] thin, int u, int v0, int dir, int reach, int U, int V, int w,
            boolean vertical) {
        for (int k = 0; k < reach; k++) {
            int v = v0 + dir * k;
            if (v < 0 || v >= V) {
                return false;
            }
            for (int du = -1; du <= 1; du++) {
                int uu = u + du;
                if (uu >= 0 && uu < U) {
                    int i = index(uu, v, w, vertical);
                    if (mask[i] != 0 && thin[i] == 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static int index(int u, int v, int w, boolean vertical) {
        return vertical ? u * w + v : v * w + u;
    }

    // ------------------------------------------------------------------------------------------
    // The digit's strokes
    // ------------------------------------------------------------------------------------------

    /**
     * Outside the page: the near-black pixels (below {@code dark}) joined to the picture's edge by
     * near-black pixels (4-connected), such as a dark table beyond the page's edge. Ink that is part
     * of it is the page's border, not a stroke; a stroke only reaches it where it runs off the page.
     */
    static byte[] outside(float[] plane, int w, int h, float dark) {
        int n = w * h;
        byte[] out = new byte[n];
        int[] stack = new int[n];
        int top = 0;
        for (int x = 0; x < w; x++) {
            top = seed(plane, out, stack, top, x, dark);
            top = seed(plane, out, stack, top, (h - 1) * w + x, dark);
        }
        for (int y = 1; y < h - 1; y++) {
            top = seed(plane, out, stack, top, y * w, dark);
            top = seed(plane, out, stack, top, y * w + w - 1, dark);
        }
        while (top > 0) {
            int i = stack[--top];
            int x = i % w;
            if (x > 0) {
                top = seed(plane, out, stack, top, i - 1, dark);
            }
            if (x < w - 1) {
                top = seed(plane, out, stack, top, i + 1, dark);
            }
            if (i >= w) {
                top = seed(plane, out, stack, top, i - w, dark);
            }
            if (i < n - w) {
                top = seed(plane, out, stack, top, i + w, dark);
            }
        }
        return out;
    }

    private static int seed(float[] plane, byte[] out, int[] stack, int top, int i, float dark) {
        if (out[i] == 0 && plane[i] < dark) {
            out[i] = 1;
            stack[top++] = i;
        }
        return top;
    }

    /** Connected components (their labels per pixel) and which of them are the digit's. */
    record Group(int[] labels, boolean[] member) {

        boolean contains(int i) {
            return labels[i] > 0 && member[labels[i]];
        }

        /** Whether a pixel is in the group or next to one of its pixels (its anti-aliased edge). */
        boolean near(int x, int y, int w, int h) {
            for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                    if (contains(yy * w + xx)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /**
     * The labels of the digit's connected components (8-connected), or {@code null}: the component
     * with the most ink, preferring those that do not touch the picture's edge and that hold a
     * strong pixel, and the components close to it with a fair share of its ink. A component with
     * a pixel {@code outside} the page (may be {@code null}) counts as touching the picture's edge.
     */
    static Group digitGroup(byte[] mask, float[] ink, int w, int h, float strong, byte[] outside) {
        GrayU8 binary = new GrayU8();
        binary.width = w;
        binary.height = h;
        binary.stride = w;
        binary.data = mask;
        GrayS32 labels = new GrayS32(w, h);
        LinearContourLabelChang2004 labeller = new LinearContourLabelChang2004(ConnectRule.EIGHT);
        labeller.setSaveInternalContours(false);
        labeller.process(binary, labels);
        int count = labeller.getContours().size;
        if (count == 0) {
            return null;
        }
        int[] x0 = new int[count + 1], y0 = new int[count + 1], x1 = new int[count + 1], y1 = new int[count + 1];
        Arrays.fill(x0, Integer.MAX_VALUE);
        Arrays.fill(y0, Integer.MAX_VALUE);
        Arrays.fill(x1, -1);
        Arrays.fill(y1, -1);
        double[] mass = new double[count + 1];
        boolean[] strongPixel = new boolean[count + 1];
        boolean[] offPage = new boolean[count + 1];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int l = labels.data[i];
                if (l <= 0) {
                    continue;
                }
                mass[l] += ink[i];
                strongPixel[l] |= ink[i] >= strong;
                offPage[l] |= outside != null && outside[i] != 0;
                x0[l] = Math.min(x0[l], x);
                y0[l] = Math.min(y0[l], y);
                x1[l] = Math.max(x1[l], x);
                y1[l] = Math.max(y1[l], y);
            }
        }
        double cx = w / 2.0, cy = h / 2.0, half = Math.hypot(cx, cy);
        int main = -1;
        double bestScore = 0;
        for (int l = 1; l <= count; l++) {
            if (!strongPixel[l]) {
                continue;
            }
            boolean edge = offPage[l] || x0[l] == 0 || y0[l] == 0 || x1[l] == w - 1 || y1[l] == h - 1;
            double dist = Math.hypot((x0[l] + x1[l]) / 2.0 - cx, (y0[l] + y1[l]) / 2.0 - cy) / half;
            double score = mass[l] * (edge ? 0.05 : 1) * (1 - 0.5 * dist);
            if (score > bestScore) {
                bestScore = score;
                main = l;
            }
        }
        if (main < 0 || Math.max(x1[main] - x0[main], y1[main] - y0[main]) + 1 < minSide(w, h)) {
            return null; // nothing, or a speck of dust or noise: too small to be a digit
        }
        // Grow the group with components near its box that carry a fair share of the main one's ink.
        boolean[] in = new boolean[count + 1];
        in[main] = true;
        int gx0 = x0[main], gy0 = y0[main], gx1 = x1[main], gy1 = y1[main];
        boolean grew = true;
        while (grew) {
            grew = false;
            int reach = (int) Math.ceil(0.25 * Math.max(gx1 - gx0 + 1, gy1 - gy0 + 1));
            for (int l = 1; l <= count; l++) {
                if (in[l] || mass[l] < 0.04 * mass[main]) {
                    continue;
                }
                boolean edge = offPage[l] || x0[l] == 0 || y0[l] == 0 || x1[l] == w - 1 || y1[l] == h - 1;
                boolean mainEdge = offPage[main] || x0[main] == 0 || y0[main] == 0 || x1[main] == w - 1
                        || y1[main] == h - 1;
                if (edge && !mainEdge) {
                    continue;
                }
                if (x0[l] <= gx1 + reach && x1[l] >= gx0 - reach && y0[l] <= gy1 + reach && y1[l] >= gy0 - reach) {
                    in[l] = true;
                    gx0 = Math.min(gx0, x0[l]);
                    gy0 = Math.min(gy0, y0[l]);
                    gx1 = Math.max(gx1, x1[l]);
                    gy1 = Math.max(gy1, y1[l]);
                    grew = true;
                }
            }
        }
        return new Group(labels.data, in);
    }
}
