package dev.digitnet.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistData;
import dev.digitnet.eval.TrainingCurves;
import dev.digitnet.model.DigitNetConfig;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.train.Checkpoint;
import dev.digitnet.train.CheckpointListener;
import dev.digitnet.train.CheckpointStore;
import dev.digitnet.train.DigitNetTrainer;
import dev.digitnet.train.EpochResult;
import dev.digitnet.train.MetricsLog;
import dev.digitnet.train.ProgressListener;
import dev.digitnet.train.TrainingListener;
import dev.digitnet.train.TrainingRecipe;
import dev.digitnet.train.TrainingSession;
import dev.digitnet.train.ValidationSplit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code digitnet train}: the model card's recipe by default, with checkpoints and resume. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train DigitNet on MNIST (defaults: the model card's recipe).")
final class TrainCommand implements Callable<Integer> {

    private static final TrainingRecipe CARD = TrainingRecipe.modelCard();

    @Mixin DataOptions data;

    @Option(names = "--epochs", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs = CARD.epochs();

    @Option(names = "--batch-size", description = "images per step (default: ${DEFAULT-VALUE})")
    int batchSize = CARD.batchSize();

    @Option(names = "--lr", description = "peak AdamW learning rate (default: ${DEFAULT-VALUE})")
    double lr = CARD.learningRate();

    @Option(names = "--weight-decay", description = "decoupled weight decay on conv/linear weights (default: ${DEFAULT-VALUE})")
    double weightDecay = CARD.weightDecay();

    @Option(names = "--schedule", description = "CONSTANT or COSINE after warm-up (default: ${DEFAULT-VALUE})")
    TrainingRecipe.Schedule schedule = CARD.schedule();

    @Option(names = "--warmup", description = "linear warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup = CARD.warmupSteps();

    @Option(names = "--ema", description = "weight-average decay, 0 to disable (default: ${DEFAULT-VALUE})")
    double ema = CARD.emaDecay();

    @Option(names = "--val-size", description = "training images held out for validation (default: ${DEFAULT-VALUE})")
    int valSize = CARD.validationSize();

    @Option(names = "--limit", description = "use only the first N training images (default: all)")
    int limit = CARD.limit();

    @Option(names = "--no-augment", description = "train on clean images")
    boolean noAugment;

    @Option(names = "--seed", description = "seed (default: ${DEFAULT-VALUE})")
    long seed = CARD.seed();

    @Option(names = "--out", description = "run folder: model/, checkpoints/, metrics.jsonl (default: ${DEFAULT-VALUE})")
    Path out = Path.of("runs", "digitnet");

    @Option(names = "--resume", description = "continue from the run folder's last checkpoint")
    boolean resume;

    @Option(names = "--force", description = "with --resume: continue even if the recipe, seed or architecture differ from the checkpoint's")
    boolean force;

    @Override
    public Integer call() throws Exception {
        TrainingRecipe recipe = new TrainingRecipe(epochs, batchSize, lr, weightDecay, warmup, schedule, 
                CARD.finalLearningRateRatio(), ema, valSize, limit, !noAugment, seed);
        DigitNetConfig config = DigitNetConfig.modelCard();
        CheckpointStore checkpoints = new CheckpointStore(out.resolve("checkpoints"));
        checkResumable(checkpoints);
        MnistData mnist = data.load();
        ValidationSplit split = ValidationSplit.of(DigitImages.of(mnist.train()), recipe);
        JsonObject runInfo = runInfo(recipe, config, mnist);
        if (resume) {
            checkpoints.checkCompatible(runInfo, force).forEach(d -> System.err.println("digitnet train: --force: resuming despite " + d));
        }

        try (TrainingSession session = openSession(recipe, config, checkpoints);
                MetricsLog metrics = new MetricsLog(out.resolve("metrics.jsonl"), 20)) {
            if (session.completedEpochs() >= recipe.epochs()) {
                System.out.printf("Checkpoint already has %d of %d epochs; nothing to train.%n", session.completedEpochs(), recipe.epochs());
            }
            LastEpoch last = new LastEpoch();
            List<TrainingListener> listeners = List.of(
                    new ProgressListener(System.out), metrics, new CheckpointListener(checkpoints, runInfo), last);
            long start = System.nanoTime();
            new DigitNetTrainer(listeners).fit(session, split.train(), split.validation());
            double minutes = (System.nanoTime() - start) / 60e9;

            boolean useAverage = session.average() != null
                    && (last.result == null || !(last.result.valTop1() > last.result.valTop1Average()));
            DigitNetModel chosen = useAverage ? session.average() : session.model();
            JsonObject provenance = runInfo.deepCopy();
            provenance.addProperty("weights", useAverage ? "exponential moving average" : "last step");
            if (last.result != null) {
                // Without a validation split (or a weight average) there is no score to record.
                addIfFinite(provenance, "val_top1_last_step", last.result.valTop1());
                addIfFinite(provenance, "val_top1_average", last.result.valTop1Average());
                provenance.addProperty("images_per_sec_last_epoch", last.result.imagesPerSecond());
            }
            provenance.addProperty("training_minutes_this_invocation", minutes);
            // Across resumes: the epochs' own wall times, from the metrics log (last line per epoch).
            double epochSeconds = TrainingCurves.readEpochs(out.resolve("metrics.jsonl")).stream()
                    .mapToDouble(TrainingCurves.EpochMetrics::seconds).filter(Double::isFinite).sum();
            provenance.addProperty("training_minutes_total", epochSeconds / 60);
            provenance.addProperty("finished", Instant.now().toString());
            chosen.metadata().add("provenance", provenance);
            Path modelDir = out.resolve("model");
            chosen.save(modelDir);
            System.out.printf("Saved %s weights to %s (%.1f min)%n", useAverage ? "averaged" : "final", modelDir, minutes);
        }
        return 0;
    }

    private static void addIfFinite(JsonObject json, String name, double value) {
        if (Double.isFinite(value)) {
            json.addProperty(name, value);
        }
    }

    /** Refuses to overwrite a run, or to resume one that is not there, before any work starts. */
    private void checkResumable(CheckpointStore checkpoints) {
        if (!resume && checkpoints.hasCheckpoint()) {
            throw new IllegalArgumentException(out + " already holds a checkpoint: pass --resume to continue it, or choose another --out");
        }
        if (resume && !checkpoints.hasCheckpoint()) {
            throw new IllegalArgumentException("nothing to resume: " + checkpoints.folder() + " has no checkpoint");
        }
    }

    private TrainingSession openSession(TrainingRecipe recipe, DigitNetConfig config, CheckpointStore checkpoints) throws Exception {
        if (!resume) {
            return TrainingSession.start(recipe, config);
        }
        try (NDManager scratch = NDManager.newBaseManager()) {
            Checkpoint checkpoint = checkpoints.loadLatest(scratch).orElseThrow();
            System.out.printf("Resuming %s after epoch %d (step %d)%n", out, checkpoint.completedEpochs(), checkpoint.globalStep());
            return TrainingSession.resume(recipe, config, checkpoint);
        }
    }

    private static JsonObject runInfo(TrainingRecipe recipe, DigitNetConfig config, MnistData mnist) {
        Gson gson = new Gson();
        JsonObject info = new JsonObject();
        info.add("recipe", gson.toJsonTree(recipe));
        info.add("architecture", gson.toJsonTree(config));
        JsonObject checksums = new JsonObject();
        mnist.sha256().forEach((file, sha) -> checksums.addProperty(file.fileName(), sha));
        info.add("data_sha256", checksums);
        JsonObject versions = new JsonObject();
        versions.addProperty("digitnet", "1.0.0");
        versions.addProperty("djl", Engine.getDjlVersion());
        versions.addProperty("pytorch", Engine.getInstance().getVersion());
        versions.addProperty("java", System.getProperty("java.version"));
        info.add("versions", versions);
        info.addProperty("started", Instant.now().toString());
        info.addProperty("cpu_cores", Runtime.getRuntime().availableProcessors());
        return info;
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
