package dev.digitnet.cli;

/** Engine threading for serving. */
final class Threads {

    private Threads() {}

    /**
     * Splits the cores between {@code predictors} concurrent inferences: each gets cores ÷ predictors
     * libtorch threads (at least one), so together they never oversubscribe the machine. Must run
     * before the engine starts.
     */
    static void sharedBy(int predictors) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(perPredictor(predictors)));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** Threads for each of {@code predictors} concurrent inferences: cores ÷ predictors, at least one. */
    static int perPredictor(int predictors) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / predictors);
    }
}
