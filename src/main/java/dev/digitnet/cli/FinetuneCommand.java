package dev.digitnet.cli;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistData;
import dev.digitnet.data.ood.FashionMnist;
import dev.digitnet.data.ood.OutlierPool;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.train.DigitNetTrainer;
import dev.digitnet.train.OutlierExposureObjective;
import dev.digitnet.train.TrainingRecipe;
import dev.digitnet.train.TrainingRun;
import dev.digitnet.train.ValidationSplit;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digitnet finetune}: continues training a copy of a trained model with outlier exposure
 * ({@link OutlierExposureObjective}): MNIST's training digits mixed with pictures that are not
 * digits ({@link OutlierPool}, labelled −1), with the same recipe options, progress, checkpoints,
 * resume and output as {@code train}. The model it starts from is only read; provenance names it
 * and its weights' SHA-256.
 *
 * <p>The outliers are mixed into the training images rather than drawn per batch, so a batch
 * holds digits and outliers in about their overall proportion, and the batches stay a pure
 * function of (seed, epoch) like {@code train}'s: a resumed run sees the same ones.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tune a copy of a trained model with outlier exposure (Hendrycks et al. 2019): digits plus "
                + "non-digit pictures (Fashion-MNIST's training split, generated scribbles, noise, near-blank pages) "
                + "pushed towards uniform probabilities; letters are never trained against.")
final class FinetuneCommand implements Callable<Integer> {

    @Mixin DataOptions data;
    @Mixin RecipeOptions recipeOptions = RecipeOptions.fineTune();

    @Option(names = "--init", paramLabel = "NAME|DIR",
            description = "the model to start from: a bundled model by name or a model folder (default: ${DEFAULT-VALUE})")
    String init = "teacher";

    @Option(names = "--lambda", description = "weight of the outlier term (default: ${DEFAULT-VALUE}, as in the paper)")
    double lambda = 0.5;

    @Option(names = "--outlier-seed", paramLabel = "SEED",
            description = "seed of the generated outliers and of the Fashion-MNIST sample; never the benchmark's "
                    + "seeds (default: ${DEFAULT-VALUE})")
    long outlierSeed = OutlierPool.DEFAULT_SEED;

    @Option(names = "--fashion-outliers", paramLabel = "N",
            description = "pictures sampled from Fashion-MNIST's training split (default: ${DEFAULT-VALUE})")
    int fashionOutliers = OutlierPool.DEFAULT_FASHION;

    @Option(names = "--generated-outliers", paramLabel = "N",
            description = "generated pictures: half scribbles, a quarter noise, a quarter near-blank (default: ${DEFAULT-VALUE})")
    int generatedOutliers = OutlierPool.DEFAULT_GENERATED;

    @Mixin RunOptions runOptions = new RunOptions(Path.of("runs", "finetune-oe"));

    @Override
    public Integer call() throws Exception {
        // Arguments first, then files.
        OutlierExposureObjective.checkLambda(lambda);
        OutlierPool.checkSeed(outlierSeed);
        TrainingRecipe recipe = recipeOptions.recipe();
        ModelReference initModel = ModelReference.parse(init);
        try (DigitNetModel start = initModel.load()) {
            String name = initModel.provenanceName();
            Path out = runOptions.folder();
            runOptions.checkResumable(out);

            MnistData mnist = data.load();
            ValidationSplit digits = ValidationSplit.of(DigitImages.of(mnist.train()), recipe);
            OutlierPool pool = OutlierPool.build(FashionMnist.trainSplit(FashionMnist.defaultDirectory(), System.err::println),
                    fashionOutliers, generatedOutliers, outlierSeed, System.err::println);
            // Outliers join the training images only: validation stays digits.
            ValidationSplit split = new ValidationSplit(pool.appendTo(digits.train()), digits.validation());
            Map<String, String> checksums = new LinkedHashMap<>();
            mnist.sha256().forEach((file, sha) -> checksums.put(file.fileName(), sha));
            checksums.putAll(pool.dataSha256());

            OutlierExposureObjective objective = new OutlierExposureObjective(lambda, pool.describe());
            System.out.printf(Locale.ROOT, "Fine-tuning a copy of %s with outlier exposure, lambda = %s: %,d digits + %,d outliers "
                    + "(%s); train accuracy counts the outliers as misses%n", name, lambda, digits.train().count(),
                    pool.count(), pool.summary());
            new TrainingRun(out, recipe, start.config(), DigitNetTrainer.builder().objective(objective).build(), System.out)
                    .startingFrom(start, name)
                    .run(split, checksums, runOptions.resume, runOptions.force);
        }
        return 0;
    }
}
