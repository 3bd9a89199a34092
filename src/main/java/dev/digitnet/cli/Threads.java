package dev.digitnet.cli;

/** libtorch threading for serving. */
final class Threads {

    private Threads() {}

    /**
     * A server runs one predictor per core, concurrently; each letting libtorch spread a batch-1
     * inference over every core would oversubscribe the machine. Must run before the engine starts.
     */
    static void onePerPredictor() {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
}
