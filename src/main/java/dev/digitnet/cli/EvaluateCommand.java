package dev.digitnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistData;
import dev.digitnet.data.ood.ContactSheet;
import dev.digitnet.data.ood.FashionMnist;
import dev.digitnet.data.ood.OodBenchmark;
import dev.digitnet.data.ood.OodSet;
import dev.digitnet.data.ood.PenDigits;
import dev.digitnet.eval.CalibrationReport;
import dev.digitnet.eval.ConfusionMatrixChart;
import dev.digitnet.eval.Evaluation;
import dev.digitnet.eval.ExamplesGrid;
import dev.digitnet.eval.OodReport;
import dev.digitnet.eval.TestSetEvaluator;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.runtime.InferenceModel;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.runtime.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code digitnet evaluate}: the model card's figures and pictures for a model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Top-1/top-2 on the clean and augmented test sets, per-class metrics, confusion matrix and examples pictures.")
final class EvaluateCommand implements Callable<Integer> {

    @Mixin ModelOptions modelOptions;
    @Mixin EngineOptions engineOptions = new EngineOptions(Workload.TEST_SET);
    @Mixin DataOptions data;

    @Option(names = "--out", description = "folder for the pictures (default: ${DEFAULT-VALUE})")
    Path out = Path.of("runs", "evaluation");

    @Option(names = "--json", description = "print one JSON object with all figures")
    boolean json;

    @Option(names = "--record", description = "store the headline figures in the model folder's config.json (needs --model)")
    boolean recordFigures;

    @Option(names = "--ood", description = "also score the not-a-digit check on the out-of-distribution benchmark "
            + "(Fashion-MNIST's test set, rendered letters, scribbles, noise, near-blank pictures, pen doodles of held-out "
            + "and of trained kinds): AUROC and share accepted")
    boolean ood;

    @Option(names = "--ood-seed", paramLabel = "SEED", description = "seed of the generated out-of-distribution sets "
            + "(default: ${DEFAULT-VALUE})")
    long oodSeed = OodBenchmark.DEFAULT_SEED;

    @Override
    public Integer call() throws IOException {
        MnistData mnist = data.load();
        DigitImages test = DigitImages.of(mnist.test());
        ModelReference reference = modelOptions.reference();
        Path folder = reference.folder().orElse(null);
        if (recordFigures && folder == null) {
            throw new IllegalArgumentException("--record writes into a model folder: pass --model DIR");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        try (InferenceModel model = reference.open(engineOptions.runtime(reference, cores))) {
            Outcome outcome;
            OodReport oodReport = null;
            OodReport.PenDrawnDigits penDigits = null;
            Calibration calibration = Calibration.of(model.card());
            try (ProbabilityModel predictor = model.newProbabilityModel()) {
                outcome = run(predictor, calibration, test, out);
                if (ood) {
                    OodBenchmark benchmark = OodBenchmark.build(FashionMnist.defaultDirectory(), oodSeed, System.err::println);
                    oodReport = OodReport.of(predictor, calibration, test, new ProbabilityModel.Outputs(
                            outcome.result().cleanLogits(), outcome.result().cleanNotDigit()), benchmark);
                    ContactSheet.writePng(benchmark.sets(), 12, out.resolve("ood-examples.png"));
                    writeRefusedDigits(calibration, test, outcome.result(), out.resolve("refused-digits.png"));
                    writeAcceptedNonDigits(benchmark, oodReport, out.resolve("accepted-non-digits.png"));
                    // Real digits as the page draws them: every test digit redrawn with its pen.
                    penDigits = OodReport.penDigits(predictor, calibration,
                            PenDigits.redraw(mnist.test(), 0, mnist.test().count(), oodSeed));
                }
            }
            if (recordFigures) {
                try (DigitNetModel weights = DigitNetModel.load(folder)) {
                    weights.metadata().add("evaluation", outcome.summary());
                    weights.saveMetadata(folder);
                }
            }
            if (json) {
                JsonObject result = outcome.json(reference.describe());
                result.addProperty("engine", model.engine().id());
                if (oodReport != null) {
                    result.add("ood", oodReport.toJson());
                    result.add("pen_digits", penDigits.toJson());
                    result.getAsJsonObject("pictures").addProperty("ood_examples", out.resolve("ood-examples.png").toString());
                    result.getAsJsonObject("pictures").addProperty("accepted_non_digits", out.resolve("accepted-non-digits.png").toString());
                }
                System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
            } else {
                System.out.println(outcome.text(reference.describe() + " on " + model.engine().id()));
                if (oodReport != null) {
                    System.out.println("\nNot a digit: out-of-distribution benchmark (seed " + oodSeed + ")\n" + oodReport.toText()
                            + String.format(java.util.Locale.ROOT, "  MNIST test digits redrawn with the page's pen: %.2f%% of %,d "
                            + "refused, top-1 %.2f%%%n", 100 * penDigits.refused(), penDigits.count(), 100 * penDigits.top1())
                            + "Pictures: " + out.resolve("ood-examples.png") + ", " + out.resolve("refused-digits.png") + ", "
                            + out.resolve("accepted-non-digits.png"));
                }
            }
        }
        return 0;
    }

    /**
     * The clean test digits the check refuses, as a contact sheet: each tagged with its label and
     * the verdict's reason (what a user whose real digit is refused would see).
     */
    static void writeRefusedDigits(Calibration calibration, DigitImages test, TestSetEvaluator.Result result, Path png)
            throws IOException {
        List<Integer> refused = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < test.count(); i++) {
            var check = calibration.check(result.cleanLogits()[i], result.cleanNotDigit()[i], test.image(i), test.side());
            if (!check.digit()) {
                refused.add(i);
                tags.add(test.labels()[i] + " " + check.reason().id());
            }
        }
        int n = test.pixelsPerImage();
        float[] pixels = new float[refused.size() * n];
        for (int k = 0; k < refused.size(); k++) {
            System.arraycopy(test.pixels(), refused.get(k) * n, pixels, k * n, n);
        }
        // One row per 20 refused digits, all of them.
        int perRow = 20;
        List<OodSet> rows = new ArrayList<>();
        for (int from = 0; from < refused.size(); from += perRow) {
            int to = Math.min(refused.size(), from + perRow);
            rows.add(new OodSet("refused " + (from + 1) + "-" + to, "clean test digits refused",
                    java.util.Arrays.copyOfRange(pixels, from * n, to * n), to - from, tags.subList(from, to)));
        }
        if (!rows.isEmpty()) {
            ContactSheet.writePng(rows, perRow, png);
        }
    }

    /**
     * What still passes: per set of the benchmark, up to {@value #ACCEPTED_PER_SET} of the pictures
     * the check accepts as digits (a seeded pick when there are more), each tagged with its kind and
     * the digit it was read as ("0: cloud").
     */
    static void writeAcceptedNonDigits(OodBenchmark benchmark, OodReport report, Path png) throws IOException {
        List<OodSet> rows = new ArrayList<>();
        for (OodSet set : benchmark.sets()) {
            OodReport.SetResult r = report.sets().stream().filter(x -> x.name().equals(set.name())).findFirst().orElseThrow();
            if (r.acceptedAs().isEmpty()) {
                continue;
            }
            int[] indices = r.acceptedAs().keySet().stream().mapToInt(Integer::intValue).toArray();
            OodSet accepted = set.select(indices);
            List<String> tags = new ArrayList<>();
            for (int i : indices) {
                tags.add(r.acceptedAs().get(i) + ": " + set.item(i)); // the digit first: long tags are cut
            }
            rows.add(new OodSet(set.name(), "accepted as digits", accepted.pixels(), accepted.count(), tags));
        }
        if (!rows.isEmpty()) {
            ContactSheet.writePng(rows, ACCEPTED_PER_SET, png);
        }
    }

    static final int ACCEPTED_PER_SET = 16;

    /** The evaluation and where its pictures went. */
    record Outcome(TestSetEvaluator.Result result, CalibrationReport calibration, Path confusionPng, Path examplesPng,
            Path reliabilityPng) {

        JsonObject json(String model) {
            JsonObject json = new JsonObject();
            json.addProperty("model", model);
            json.add("clean", result.clean().toJson());
            json.add("augmented", result.augmented().toJson());
            json.addProperty("augmented_seed", TestSetEvaluator.AUGMENTED_TEST_SEED);
            json.add("calibration", calibration.toJson());
            JsonObject pictures = new JsonObject();
            pictures.addProperty("confusion_matrix", confusionPng.toString());
            pictures.addProperty("examples", examplesPng.toString());
            pictures.addProperty("reliability", reliabilityPng.toString());
            json.add("pictures", pictures);
            return json;
        }

        /** The headline figures kept in a model's config.json (and shown by the demo page). */
        JsonObject summary() {
            JsonObject s = new JsonObject();
            s.addProperty("test_accuracy", result.clean().top1());
            s.addProperty("clean_top1", result.clean().top1());
            s.addProperty("clean_top2", result.clean().top2());
            s.addProperty("augmented_top1", result.augmented().top1());
            s.addProperty("augmented_top2", result.augmented().top2());
            s.addProperty("augmented_seed", TestSetEvaluator.AUGMENTED_TEST_SEED);
            s.addProperty("test_images", result.clean().count());
            s.addProperty("clean_ece", calibration.cleanAfter().ece());
            s.addProperty("clean_refused_as_not_digit", calibration.refusedClean());
            return s;
        }

        String text(String model) {
            return "Model: " + model + "\n\nClean test set (10,000 images)\n" + result.clean().toText()
                    + "\nAugmented test set (random affine, seed " + TestSetEvaluator.AUGMENTED_TEST_SEED + ")\n"
                    + result.augmented().toText()
                    + "\nCalibration\n" + calibration.toText()
                    + "\nPictures: " + confusionPng + ", " + examplesPng + ", " + reliabilityPng;
        }
    }

    /** Evaluates and writes the confusion matrix (diagonal zeroed) and the examples grid. */
    static Outcome run(DigitNetModel model, DigitImages test, Path pictures) throws IOException {
        try (ProbabilityModel predictor = model.newProbabilityModel()) {
            return run(predictor, Calibration.of(model.card()), test, pictures);
        }
    }

    /** Evaluates on the given predictor (any engine) with the model's calibration, and writes the pictures. */
    static Outcome run(ProbabilityModel predictor, Calibration calibration, DigitImages test, Path pictures)
            throws IOException {
        DigitImages augmented = TestSetEvaluator.augmented(test);
        TestSetEvaluator.Result result = TestSetEvaluator.evaluate(predictor, test, augmented);
        CalibrationReport report = CalibrationReport.of(calibration, result, test, augmented);
        Path reliability = pictures.resolve("reliability-diagram.png");
        report.writeDiagram(reliability);
        Path confusion = pictures.resolve("confusion-matrix.png");
        ConfusionMatrixChart.writePng(result.clean().confusion(), "DigitNet on MNIST test: confusion matrix", confusion);
        Path examples = pictures.resolve("examples.png");
        int[] predicted = Evaluation.argmax(result.cleanProbabilities());
        int[] picked = ExamplesGrid.pickExamples(test.labels(), predicted, 40, 7);
        float[][] images = new float[picked.length][];
        int[] truth = new int[picked.length];
        int[] guesses = new int[picked.length];
        float[] confidence = new float[picked.length];
        for (int i = 0; i < picked.length; i++) {
            images[i] = test.image(picked[i]);
            truth[i] = test.labels()[picked[i]];
            guesses[i] = predicted[picked[i]];
            confidence[i] = result.cleanProbabilities()[picked[i]][guesses[i]];
        }
        ExamplesGrid.writePng(images, test.side(), truth, guesses, confidence, 10,
                "DigitNet test examples (red: mistakes)", examples);
        return new Outcome(result, report, confusion, examples, reliability);
    }
}
