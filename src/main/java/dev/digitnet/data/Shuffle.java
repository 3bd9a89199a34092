package dev.digitnet.data;

import java.util.Random;

/** The one seeded shuffle: epochs' batch orders and validation splits both come from here. */
public final class Shuffle {

    private Shuffle() {}

    /** A permutation of 0..n-1 by Fisher–Yates, driven only by {@code random}. */
    public static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
