package dev.digitnet.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.digitnet.data.Augmentation;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.RandomAffine;
import dev.digitnet.model.DigitNetBlock;
import dev.digitnet.model.ProbabilityModel;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The training loop: for each epoch, seeded shuffled batches (augmented on a helper thread while
 * the previous step runs), forward, cross-entropy, backward, AdamW, weight average; then validation
 * and the listeners (progress, metrics log, checkpoints).
 */
public final class DigitNetTrainer {

    /** Small validation batches keep the peak memory of training near that of a training step. */
    private static final int VALIDATION_BATCH = 128;

    private final List<TrainingListener> listeners;

    public DigitNetTrainer(List<TrainingListener> listeners) {
        this.listeners = List.copyOf(listeners);
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
        Augmentation augmentation = recipe.augment() ? new Augmentation(RandomAffine.modelCard(), recipe.seed()) : null;
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
        BatchPlan plan = new BatchPlan(train, recipe.batchSize(), epoch, recipe.seed(), augmentation);
        DigitNetBlock block = session.model().block();
        NDManager manager = session.model().manager();
        ParameterStore store = new ParameterStore(manager, false);

        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        double lr = 0;
        long start = System.nanoTime();
        Future<Batch> next = prefetcher.submit(() -> plan.batch(0));
        for (int b = 0; b < plan.batches(); b++) {
            Batch batch = await(next);
            if (b + 1 < plan.batches()) {
                int following = b + 1;
                next = prefetcher.submit(() -> plan.batch(following));
            }
            lr = schedule.at(session.globalStep());
            StepOutcome outcome = step(block, store, manager, batch);
            session.afterStep(lr);
            lossSum += outcome.loss() * batch.size();
            correct += outcome.correct();
            seen += batch.size();
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

    private static StepOutcome step(DigitNetBlock block, ParameterStore store, NDManager manager, Batch batch) {
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
                NDArray loss = crossEntropy(logits, y);
                collector.backward(loss);
                long correct = logits.argMax(1).eq(y).sum().getLong();
                return new StepOutcome(loss.getFloat(), correct);
            }
        }
    }

    /** Mean cross-entropy without label smoothing: the model is meant to be a distillation teacher. */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray oneHot = labels.oneHot((int) logits.getShape().get(1)).toType(DataType.FLOAT32, false);
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
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
