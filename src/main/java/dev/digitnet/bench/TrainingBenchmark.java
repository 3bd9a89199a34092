package dev.digitnet.bench;

import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.model.Architecture;
import dev.digitnet.model.DigitNetConfig;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.train.DigitNetTrainer;
import dev.digitnet.train.StepResult;
import dev.digitnet.train.TrainingListener;
import dev.digitnet.train.TrainingRecipe;
import dev.digitnet.train.TrainingSession;
import java.io.IOException;

/**
 * Steady-state training throughput: the released recipe's step (AdamW, augmentation, its weight
 * decay and averaging), at its peak learning rate, timed after untimed warm-up steps.
 */
public final class TrainingBenchmark {

    /**
     * What it measured.
     *
     * @param peakRssMb the process's peak memory after training ({@link MachineInfo#peakRssMb()})
     */
    public record Result(double imagesPerSecond, int batch, int timedSteps, boolean augmented, double peakRssMb) {

        /** Adds {@code train_images_per_sec}, {@code train_batch}, {@code train_timed_steps}, {@code train_augmented}, {@code peak_rss_mb_training}. */
        public void addTo(JsonObject out) {
            out.addProperty("train_images_per_sec", imagesPerSecond);
            out.addProperty("train_batch", batch);
            out.addProperty("train_timed_steps", timedSteps);
            out.addProperty("train_augmented", augmented);
            out.addProperty("peak_rss_mb_training", peakRssMb);
        }
    }

    private TrainingBenchmark() {}

    /** The architecture a model reference trains with: its own, or the model card's for an ONNX file (which has no weights to train). */
    public static Architecture architectureOf(ModelReference model) throws IOException {
        if (model.kind() == ModelReference.Kind.ONNX_FILE) {
            return DigitNetConfig.modelCard();
        }
        try (DigitNetModel weights = model.load()) {
            return weights.config();
        }
    }

    /**
     * Trains {@code warmupSteps + timedSteps} steps of the model card's batch size on the first of
     * {@code train}'s images and times the last {@code timedSteps}; with {@code augment} false the
     * images are not augmented, which is the step a plain framework loop over ready tensors times.
     */
    public static Result run(Architecture architecture, DigitImages train, int warmupSteps, int timedSteps, boolean augment)
            throws IOException, InterruptedException {
        TrainingRecipe card = TrainingRecipe.modelCard();
        int batch = card.batchSize();
        DigitImages images = train.first(batch * (warmupSteps + timedSteps));
        TrainingRecipe recipe = card.toBuilder().epochs(1).batchSize(batch).warmupSteps(0)
                .schedule(TrainingRecipe.Schedule.CONSTANT).finalLearningRateRatio(1).build();
        StepTimer timer = new StepTimer(warmupSteps);
        try (TrainingSession session = TrainingSession.start(recipe, architecture)) {
            DigitNetTrainer.Builder trainer = DigitNetTrainer.builder().listener(timer);
            if (!augment) {
                trainer.augmentation(null);
            }
            trainer.build().fit(session, images, images.first(0));
        }
        return new Result(timer.imagesPerSecond(), batch, timedSteps, augment, MachineInfo.peakRssMb());
    }

    /** Times steps after the warm-up ones. */
    private static final class StepTimer implements TrainingListener {
        private final int warmup;
        private long start;
        private long seenAtStart;
        private long images;
        private double seconds;

        StepTimer(int warmup) {
            this.warmup = warmup;
        }

        @Override
        public void onStep(StepResult step) {
            long now = System.nanoTime();
            if (step.step() == warmup) {
                start = now;
                seenAtStart = step.imagesSeen();
            } else if (step.step() > warmup) {
                images = step.imagesSeen() - seenAtStart;
                seconds = (now - start) / 1e9;
            }
        }

        double imagesPerSecond() {
            return images / seconds;
        }
    }
}
