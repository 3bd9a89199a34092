package dev.digitnet.train;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistData;
import dev.digitnet.model.Architecture;
import dev.digitnet.model.DigitNetModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * One training run in a run folder, from start (or resume) to the saved model: what {@code
 * digitnet train} and {@code digitnet distill} both do, differing only in their objective.
 *
 * <p>The folder holds {@code metrics.jsonl}, {@code checkpoints/} (one per epoch, written
 * atomically) and, at the end, {@code model/} with the weights and a {@code config.json} whose
 * provenance this run recorded.
 */
public final class TrainingRun {

    private final Path folder;
    private final TrainingRecipe recipe;
    private final Architecture architecture;
    private final DigitNetTrainer trainer;
    private final PrintStream progress;
    private DigitNetModel init;
    private String initName;

    /**
     * @param trainer the trainer (objective, augmentation); the run adds its own listeners to a copy
     * @param progress where the progress bar and summary go
     */
    public TrainingRun(Path folder, TrainingRecipe recipe, Architecture architecture, DigitNetTrainer trainer,
            PrintStream progress) {
        this.folder = folder;
        this.recipe = recipe;
        this.architecture = architecture;
        this.trainer = trainer;
        this.progress = progress;
    }

    /**
     * Starts from {@code model}'s weights instead of a fresh initialization (a fine-tune); the
     * architecture must be the model's. Provenance records it under {@code init} (name and the
     * SHA-256 of its weights file). A resume continues from the checkpoint as usual.
     *
     * @param name how provenance names it ({@code bundled:teacher} or a folder)
     */
    public TrainingRun startingFrom(DigitNetModel model, String name) {
        if (!model.config().equals(architecture)) {
            throw new IllegalArgumentException(name + " has another architecture than this run's");
        }
        this.init = model;
        this.initName = name;
        return this;
    }

    public CheckpointStore checkpoints() {
        return checkpoints(folder);
    }

    private static CheckpointStore checkpoints(Path folder) {
        return new CheckpointStore(folder.resolve("checkpoints"));
    }

    public Path modelFolder() {
        return folder.resolve("model");
    }

    /**
     * Refuses to overwrite a run, or to resume one that is not there, before any work starts.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public void checkResumable(boolean resume) {
        checkResumable(folder, resume);
    }

    /**
     * {@link #checkResumable(boolean)} for a run folder, before the run's recipe or architecture
     * are known (so a mistyped {@code --resume} loads and fetches nothing).
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static void checkResumable(Path folder, boolean resume) {
        CheckpointStore checkpoints = checkpoints(folder);
        if (!resume && checkpoints.hasCheckpoint()) {
            throw new IllegalArgumentException(folder + " already holds a checkpoint: pass --resume to continue it, or choose another --out");
        }
        if (resume && !checkpoints.hasCheckpoint()) {
            throw new IllegalArgumentException("nothing to resume: " + checkpoints.folder() + " has no checkpoint");
        }
    }

    /**
     * Trains on MNIST's training images (less the recipe's validation split) and saves the model.
     *
     * @param force resume even if the checkpoint was made with another recipe, architecture or objective
     */
    public DigitNetModelSaved run(MnistData mnist, boolean resume, boolean force) throws IOException, InterruptedException {
        checkResumable(resume);
        Map<String, String> checksums = new LinkedHashMap<>();
        mnist.sha256().forEach((file, sha) -> checksums.put(file.fileName(), sha));
        return run(ValidationSplit.of(DigitImages.of(mnist.train()), recipe), checksums, resume, force);
    }

    /** What the run saved: the model folder and which weights it kept. */
    public record DigitNetModelSaved(Path folder, boolean averaged, double minutes) {}

    /** Trains on the given split and saves the model. */
    public DigitNetModelSaved run(ValidationSplit split, Map<String, String> dataSha256, boolean resume, boolean force)
            throws IOException, InterruptedException {
        checkResumable(resume);
        CheckpointStore checkpoints = checkpoints();
        Provenance provenance = Provenance.capture(recipe, architecture, trainer.objective(), trainer.augmentationFor(recipe), dataSha256);
        JsonObject runInfo = provenance.toJson();
        if (init != null) {
            JsonObject from = new JsonObject();
            from.addProperty("model", initName);
            if (init.weightsSha256() != null) {
                from.addProperty("weights_sha256", init.weightsSha256());
            }
            runInfo.add("init", from);
        }
        if (resume) {
            // A resume must continue the same run: same recipe (seed included), architecture and objective.
            checkpoints.checkCompatible(runInfo, force)
                    .forEach(difference -> System.err.println("--force: resuming despite " + difference));
        }

        try (TrainingSession session = openSession(checkpoints, resume);
                MetricsLog metrics = new MetricsLog(folder.resolve("metrics.jsonl"), 20)) {
            if (session.completedEpochs() >= recipe.epochs()) {
                progress.printf(Locale.ROOT, "Checkpoint already has %d of %d epochs; nothing to train.%n", session.completedEpochs(), recipe.epochs());
            }
            LastEpoch last = new LastEpoch();
            List<TrainingListener> listeners = List.of(
                    new ProgressListener(progress), metrics, new CheckpointListener(checkpoints, runInfo), last);
            long start = System.nanoTime();
            trainer.withListeners(listeners).fit(session, split.train(), split.validation());
            double minutes = (System.nanoTime() - start) / 60e9;

            boolean useAverage = session.average() != null
                    && (last.result == null || !(last.result.valTop1() > last.result.valTop1Average()));
            DigitNetModel chosen = useAverage ? session.average() : session.model();
            JsonObject outcome = runInfo.deepCopy();
            outcome.addProperty("weights", useAverage ? "exponential moving average" : "last step");
            if (last.result != null) {
                // Without a validation split (or a weight average) there is no score to record.
                addIfFinite(outcome, "val_top1_last_step", last.result.valTop1());
                addIfFinite(outcome, "val_top1_average", last.result.valTop1Average());
                outcome.addProperty("images_per_sec_last_epoch", last.result.imagesPerSecond());
            }
            outcome.addProperty("training_minutes_this_invocation", minutes);
            // Across resumes: the epochs' own wall times, from the metrics log (last line per epoch).
            outcome.addProperty("training_minutes_total", MetricsLog.epochSeconds(folder.resolve("metrics.jsonl")) / 60);
            outcome.addProperty("finished", Instant.now().toString());
            chosen.metadata().add("provenance", outcome);
            chosen.save(modelFolder());
            progress.printf(Locale.ROOT, "Saved %s weights to %s (%.1f min)%n", useAverage ? "averaged" : "final", modelFolder(), minutes);
            return new DigitNetModelSaved(modelFolder(), useAverage, minutes);
        }
    }

    private TrainingSession openSession(CheckpointStore checkpoints, boolean resume) throws IOException {
        if (!resume) {
            return init == null ? TrainingSession.start(recipe, architecture) : TrainingSession.startFrom(recipe, init);
        }
        try (NDManager scratch = NDManager.newBaseManager()) {
            Checkpoint checkpoint = checkpoints.loadLatest(scratch).orElseThrow();
            progress.printf(Locale.ROOT, "Resuming %s after epoch %d (step %d)%n", folder, checkpoint.completedEpochs(), checkpoint.globalStep());
            return TrainingSession.resume(recipe, architecture, checkpoint);
        }
    }

    private static void addIfFinite(JsonObject json, String name, double value) {
        if (Double.isFinite(value)) {
            json.addProperty(name, value);
        }
    }

    /** Remembers the last epoch's figures to choose between raw and averaged weights. */
    private static final class LastEpoch implements TrainingListener {
        EpochResult result;

        @Override
        public void onEpochEnd(EpochResult epoch, TrainingSession session) {
            result = epoch;
        }
    }
}
