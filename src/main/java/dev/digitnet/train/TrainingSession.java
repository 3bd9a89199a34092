package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.digitnet.model.Architecture;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelWeights;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a training run changes: the network, its optimizer state, its weight average and how
 * far it got. A checkpoint is exactly this state, so resuming restores it and carries on.
 */
public final class TrainingSession implements AutoCloseable {

    private final TrainingRecipe recipe;
    private final DigitNetModel model;
    private final DigitNetModel average;
    private final Map<String, Parameter> parameters;
    private final AdamW optimizer;
    private final WeightAverage weightAverage;
    private int completedEpochs;
    private long globalStep;

    private TrainingSession(TrainingRecipe recipe, Architecture config) {
        this.recipe = recipe;
        this.model = DigitNetModel.create(config, recipe.seed());
        this.parameters = ModelWeights.parameters(model.block());
        parameters.values().stream().filter(Parameter::requiresGradient).forEach(p -> p.getArray().setRequiresGradient(true));
        this.optimizer = new AdamW(parameters, recipe.weightDecay(), model.manager());
        if (recipe.emaDecay() > 0) {
            this.average = DigitNetModel.create(config, recipe.seed());
            this.weightAverage = new WeightAverage(parameters, ModelWeights.parameters(average.block()), recipe.emaDecay());
        } else {
            this.average = null;
            this.weightAverage = null;
        }
    }

    /** A fresh, seeded session. */
    public static TrainingSession start(TrainingRecipe recipe, Architecture config) {
        return new TrainingSession(recipe, config);
    }

    /**
     * A session that starts from a trained model's weights (a fine-tune): a copy of them, with a
     * fresh optimizer; the model itself is only read. With a weight average, that starts there too.
     */
    public static TrainingSession startFrom(TrainingRecipe recipe, DigitNetModel init) {
        TrainingSession session = new TrainingSession(recipe, init.config());
        Map<String, NDArray> weights = new LinkedHashMap<>();
        ModelWeights.parameters(init.block()).forEach((name, p) -> weights.put(name, p.getArray()));
        ModelWeights.load(session.model.block(), weights);
        if (session.average != null) {
            ModelWeights.load(session.average.block(), weights);
        }
        return session;
    }

    /** A session restored from a checkpoint of the same architecture. */
    public static TrainingSession resume(TrainingRecipe recipe, Architecture config, Checkpoint checkpoint) {
        TrainingSession session = new TrainingSession(recipe, config);
        session.restore(checkpoint);
        return session;
    }

    void afterStep(double learningRate) {
        optimizer.step(learningRate);
        globalStep++;
        if (weightAverage != null) {
            weightAverage.update(globalStep);
        }
    }

    void finishEpoch() {
        completedEpochs++;
    }

    /** The state to save: weights, optimizer moments, weight average and position. */
    public Checkpoint checkpoint() {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        parameters.forEach((name, p) -> tensors.put("model." + name, p.getArray()));
        optimizer.state().forEach((name, array) -> tensors.put("optimizer." + name, array));
        if (average != null) {
            ModelWeights.parameters(average.block()).forEach((name, p) -> tensors.put("average." + name, p.getArray()));
        }
        return new Checkpoint(completedEpochs, globalStep, optimizer.stepCount(), tensors);
    }

    private void restore(Checkpoint checkpoint) {
        ModelWeights.load(model.block(), withPrefix(checkpoint.tensors(), "model."));
        optimizer.restore(withPrefix(checkpoint.tensors(), "optimizer."), checkpoint.optimizerSteps());
        if (average != null) {
            Map<String, NDArray> saved = withPrefix(checkpoint.tensors(), "average.");
            if (saved.isEmpty()) {
                weightAverage.copyLiveIntoAverage();
            } else {
                ModelWeights.load(average.block(), saved);
            }
        }
        completedEpochs = checkpoint.completedEpochs();
        globalStep = checkpoint.globalStep();
    }

    private static Map<String, NDArray> withPrefix(Map<String, NDArray> tensors, String prefix) {
        Map<String, NDArray> selected = new LinkedHashMap<>();
        tensors.forEach((name, array) -> {
            if (name.startsWith(prefix)) {
                selected.put(name.substring(prefix.length()), array);
            }
        });
        return selected;
    }

    public TrainingRecipe recipe() {
        return recipe;
    }

    /** The network being optimized. */
    public DigitNetModel model() {
        return model;
    }

    /** The moving average of the weights, or {@code null} if the recipe has none. */
    public DigitNetModel average() {
        return average;
    }

    public int completedEpochs() {
        return completedEpochs;
    }

    public long globalStep() {
        return globalStep;
    }

    @Override
    public void close() {
        optimizer.close();
        model.close();
        if (average != null) {
            average.close();
        }
    }
}
