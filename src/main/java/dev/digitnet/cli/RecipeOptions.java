package dev.digitnet.cli;

import dev.digitnet.train.TrainingRecipe;
import picocli.CommandLine.Option;

/** The training recipe's options, shared by {@code train} and {@code distill}; defaults are the model card's. */
final class RecipeOptions {

    private static final TrainingRecipe CARD = TrainingRecipe.modelCard();

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

    /**
     * {@code --augment} / {@code --no-augment}, or null for the command's default. Not a boolean
     * with the default in it: picocli sets a negatable flag to the opposite of its field's initial
     * value, so a default of "clean" would turn {@code --no-augment} into augmenting.
     */
    @Option(names = "--augment", negatable = true, description = "train under the card's random affine, or with "
            + "--no-augment on clean images (default: augmented; fit-gate: clean)")
    Boolean augment;

    /** What no {@code --augment}/{@code --no-augment} means for this command. */
    private boolean augmentByDefault = CARD.augment();

    @Option(names = "--seed", description = "seed (default: ${DEFAULT-VALUE})")
    long seed = CARD.seed();

    /**
     * The fine-tune's defaults ({@code digitnet finetune}): one epoch, peak 3e-4 after 50 warm-up
     * steps, cosine; the rest as the card's.
     */
    static RecipeOptions fineTune() {
        RecipeOptions options = new RecipeOptions();
        options.epochs = 1;
        options.lr = 3e-4;
        options.warmup = 50;
        return options;
    }

    /**
     * The not-a-digit gate's defaults ({@code digitnet fit-gate}): clean pictures, since the fit's
     * digits already include augmented ones and the card's affine on every picture did worse on
     * validation (docs/trust.md); the rest as the card's.
     */
    static RecipeOptions gate() {
        RecipeOptions options = new RecipeOptions();
        options.augmentByDefault = false;
        return options;
    }

    TrainingRecipe recipe() {
        return CARD.toBuilder().epochs(epochs).batchSize(batchSize).learningRate(lr).weightDecay(weightDecay)
                .schedule(schedule).warmupSteps(warmup).emaDecay(ema).validationSize(valSize).limit(limit)
                .augment(augment != null ? augment : augmentByDefault).seed(seed).build();
    }
}
