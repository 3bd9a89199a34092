package dev.digitnet.train;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Saves a checkpoint at the end of every epoch, with the run information needed to resume. */
public final class CheckpointListener implements TrainingListener {

    private final CheckpointStore store;
    private final JsonObject runInfo;

    public CheckpointListener(CheckpointStore store, JsonObject runInfo) {
        this.store = store;
        this.runInfo = runInfo;
    }

    @Override
    public void onEpochEnd(EpochResult epoch, TrainingSession session) {
        try {
            store.save(session.checkpoint(), runInfo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + store.folder(), e);
        }
    }
}
