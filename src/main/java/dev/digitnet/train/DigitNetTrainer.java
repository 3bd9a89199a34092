package dev.digitnet.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.digitnet.data.Augmentation;
import dev.digitnet.data.DigitImages;
import ai.djl.nn.Block;
import dev.digitnet.model.ProbabilityModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The training loop: for each epoch, seeded shuffled batches (augmented on a helper thread while
 * the previous step runs), forward, the objective's loss, backward, AdamW, weight average; then
 * validation and the listeners (progress, metrics log, checkpoints).
 *
 * <p>Like DJL's {@code TrainingConfig}, the trainer is assembled from parts: its objective (plain
 * cross-entropy, or distillation from a teacher), its augmentation, and its listeners.
 *
 * <pre>{@code
 * DigitNetTrainer trainer = DigitNetTrainer.builder()
 *         .objective(new DistillationObjective(teacher, "bundled:teacher", 4, 0.9))
 *         .listeners(List.of(new ProgressListener(System.out)))
 *         .build();
 * trainer.fit(session, train, validation);
 * }</pre>
 */
public final class DigitNetTrainer {

    /** Small validation batches keep the peak memory of training near that of a training step. */
    private static final int VALIDATION_BATCH = 128;

    private final TrainingObjective objective;
    private final Augmentation augmentation;
    private final boolean augmentationFromRecipe;
    private final List<TrainingListener> listeners;

    private DigitNetTrainer(Builder builder) {
        this.objective = builder.objective;
        this.augmentation = builder.augmentation;
        this.augmentationFromRecipe = builder.augmentationFromRecipe;
        this.listeners = List.copyOf(builder.listeners);
    }

    /** Plain cross-entropy, the recipe's augmentation, no listeners, until set otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** The trainer's parts. */
    public static final class Builder {
        private TrainingObjective objective = new CrossEntropyObjective();
        private Augmentation augmentation;
        private boolean augmentationFromRecipe = true;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder() {}

        /** What each step minimises (default: plain cross-entropy). */
        public Builder objective(TrainingObjective value) {
            objective = Objects.requireNonNull(value, "objective");
            return this;
        }

        /**
         * The augmentation of training batches, or {@code null} for clean images. Unset, it is the
         * model card's random affine seeded by the recipe when the recipe says {@code augment}.
         */
        public Builder augmentation(Augmentation value) {
            augmentation = value;
            augmentationFromRecipe = false;
            return this;
        }

        public Builder listeners(List<? extends TrainingListener> values) {
            listeners.addAll(values);
            return this;
        }

        public Builder listener(TrainingListener value) {
            listeners.add(value);
            return this;
        }

        public DigitNetTrainer build() {
            return new DigitNetTrainer(this);
        }
    }

    public TrainingObjective objective() {
        return objective;
    }

    /** This trainer with more listeners after its own; the trainer itself is unchanged. */
    public DigitNetTrainer withListeners(List<? extends TrainingListener> more) {
        Builder copy = new Builder();
        copy.objective = objective;
        copy.augmentation = augmentation;
        copy.augmentationFromRecipe = augmentationFromRecipe;
        copy.listeners.addAll(listeners);
        copy.listeners.addAll(more);
        return copy.build();
    }

    /** The augmentation a session with this recipe is trained with, or {@code null} for none. */
    public Augmentation augmentationFor(TrainingRecipe recipe) {
        if (!augmentationFromRecipe) {
            return augmentation;
        }
        return recipe.augment() ? Augmentation.modelCard(recipe.seed()) : null;
    }

    /**
     * Trains the session up to its recipe's epoch count, starting after its completed epochs.
     *
     * @param validation held-out images scored after every epoch; may be empty
     */
    public void fit(TrainingSession session, DigitImages train, DigitImages validation) throws InterruptedException {
        TrainingRecipe recipe = session.recipe();
        int stepsPerEpoch = (train.count() + recipe.batchSize() - 1) / recipe.batchSize();
        LearningRateSchedule schedule = new LearningRateSchedule(recipe, (long) stepsPerEpoch * recipe.epochs());
        Augmentation augmentation = augmentationFor(recipe);
        int firstEpoch = session.completedEpochs() + 1;
        listeners.forEach(l -> l.onTrainingStart(recipe, firstEpoch, stepsPerEpoch, train.count()));

        ExecutorService prefetcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "batch-prefetch");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int epoch = firstEpoch; epoch <= recipe.epochs(); epoch++) {
                EpochResult result = runEpoch(session, train, validation, epoch, schedule, augmentation, prefetcher);
                session.finishEpoch();
                listeners.forEach(l -> l.onEpochEnd(result, session));
            }
        } finally {
            prefetcher.shutdownNow();
        }
        listeners.forEach(l -> l.onTrainingEnd(session));
    }

    private EpochResult runEpoch(TrainingSession session, DigitImages train, DigitImages validation, int epoch,
            LearningRateSchedule schedule, Augmentation augmentation, ExecutorService prefetcher)
            throws InterruptedException {
        TrainingRecipe recipe = session.recipe();
        // Reseeding per epoch makes dropout masks independent of whether the run was resumed.
        Engine.getInstance().setRandomSeed((int) (recipe.seed() * 7919 + epoch));
        BatchPlan plan = new BatchPlan(train, recipe.batchSize(), epoch, recipe.seed(), augmentation, objective.transferImages());
        Block block = session.model().block();
        NDManager manager = session.model().manager();
        ParameterStore store = new ParameterStore(manager, false);

        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        double lr = 0;
        long start = System.nanoTime();
        // Two pixel buffers in turn: batch b+1 is built into one while step b reads the other, and
        // batch b+2 is only asked for once step b has copied its pixels into the engine.
        float[][] buffers = new float[2][];
        Future<Batch> next = prefetcher.submit(() -> plan.batch(0, null));
        for (int b = 0; b < plan.batches(); b++) {
            Batch batch = await(next);
            buffers[b % 2] = batch.pixels();
            if (b + 1 < plan.batches()) {
                int following = b + 1;
                float[] reuse = buffers[following % 2];
                next = prefetcher.submit(() -> plan.batch(following, reuse));
            }
            lr = schedule.at(session.globalStep());
            StepOutcome outcome = step(block, store, manager, batch, objective);
            session.afterStep(lr);
            // Loss, top-1 and images/s count the digits: transfer images have no true class.
            int digits = batch.labelled();
            lossSum += outcome.loss() * digits;
            correct += outcome.correct();
            seen += digits;
            double seconds = (System.nanoTime() - start) / 1e9;
            StepResult stepResult = new StepResult(epoch, b + 1, plan.batches(), session.globalStep(),
                    outcome.loss(), (double) correct / seen, seen, seen / seconds, lr);
            listeners.forEach(l -> l.onStep(stepResult));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Score raw = score(session.model().newProbabilityModel(), validation);
        Score averaged = session.average() == null ? Score.NONE : score(session.average().newProbabilityModel(), validation);
        return new EpochResult(epoch, lossSum / seen, (double) correct / seen, raw.loss(), raw.top1(),
                averaged.top1(), lr, seconds, seen / seconds);
    }

    private record StepOutcome(double loss, long correct) {}

    private static StepOutcome step(Block block, ParameterStore store, NDManager manager, Batch batch,
            TrainingObjective objective) {
        // Everything a step creates lives in this scope and is freed when it closes.
        try (NDManager scope = manager.newSubManager()) {
            int side = batch.side();
            NDArray x = scope.create(FloatBuffer.wrap(batch.pixels()), new Shape(batch.size(), 1, side, side));
            long[] labels = new long[batch.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = batch.labels()[i];
            }
            NDArray y = scope.create(labels);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = block.forward(store, new NDList(x), true).singletonOrThrow();
                NDArray loss = objective.loss(logits, y, x);
                float value = loss.getFloat();
                if (!Float.isFinite(value)) {
                    // An update from a non-finite loss would turn every weight into NaN and the rest
                    // of the run, and its checkpoints, into noise: stop at the last good checkpoint.
                    throw new TrainingDivergedException("the training loss is " + value
                            + ": stopped before the weights were updated (resume from the last checkpoint, or lower --lr;"
                            + " convolution widths that are not multiples of 16, or 8, were seen to give NaN on libtorch's"
                            + " CPU kernels, see docs/distillation.md)");
                }
                collector.backward(loss);
                long correct = logits.argMax(1).eq(y).sum().getLong(); // an unlabelled row (−1) never counts
                return new StepOutcome(value, correct);
            }
        }
    }

    /** Validation loss and top-1. */
    record Score(double loss, double top1) {
        static final Score NONE = new Score(Double.NaN, Double.NaN);
    }

    static Score score(ProbabilityModel model, DigitImages images) {
        if (images.count() == 0) {
            model.close();
            return Score.NONE;
        }
        try (model) {
            float[][] probabilities = model.probabilities(images.pixels(), images.count(), VALIDATION_BATCH);
            double loss = 0;
            long correct = 0;
            for (int i = 0; i < images.count(); i++) {
                float[] p = probabilities[i];
                int label = images.labels()[i];
                loss -= Math.log(Math.max(p[label], 1e-12));
                int best = 0;
                for (int k = 1; k < p.length; k++) {
                    if (p[k] > p[best]) {
                        best = k;
                    }
                }
                correct += best == label ? 1 : 0;
            }
            return new Score(loss / images.count(), (double) correct / images.count());
        }
    }

    private static Batch await(Future<Batch> batch) throws InterruptedException {
        try {
            return batch.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing a batch failed", e.getCause());
        }
    }
}
