package dev.digitnet.eval;

/** Ranking helpers over probability vectors; ties go to the lower class index. */
public final class Ranking {

    private Ranking() {}

    /** The indices of the {@code k} highest probabilities, best first. */
    public static int[] topK(float[] p, int k) {
        int[] top = new int[Math.min(k, p.length)];
        boolean[] taken = new boolean[p.length];
        for (int r = 0; r < top.length; r++) {
            int best = -1;
            for (int i = 0; i < p.length; i++) {
                if (!taken[i] && (best < 0 || p[i] > p[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            top[r] = best;
        }
        return top;
    }

    public static int argmax(float[] p) {
        return topK(p, 1)[0];
    }

    /** Whether {@code label} is among the {@code k} highest probabilities. */
    public static boolean inTopK(float[] p, int label, int k) {
        for (int i : topK(p, k)) {
            if (i == label) {
                return true;
            }
        }
        return false;
    }
}
