package dev.digitnet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistStore;
import dev.digitnet.data.ood.Doodles;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.train.DigitNetTrainer;
import dev.digitnet.train.TrainingRecipe;
import dev.digitnet.train.TrainingSession;
import dev.digitnet.train.ValidationSplit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's data, threshold and score, and a short training that separates digits from non-digits. */
class NotDigitGateFitTest {

    @Test
    void theThresholdRefusesAtMostTheShareAskedFor() {
        float[] scores = new float[1000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (i * 7919 % 1000) / 100f;
        }
        for (double share : new double[] {0.0, 0.008, 0.05, 0.3}) {
            float t = NotDigitGateFit.threshold(scores, share);
            long refused = 0;
            for (float s : scores) {
                refused += s > t ? 1 : 0;
            }
            assertEquals(Math.floor(share * scores.length), refused, "share " + share);
        }
    }

    @Test
    void theBudgetWithTheLeastObjectiveIsChosenTheLargerOnATie() {
        NotDigitGateFit.Budget a = new NotDigitGateFit.Budget(0.002, List.of(), 0.011);
        NotDigitGateFit.Budget b = new NotDigitGateFit.Budget(0.004, List.of(), 0.009);
        NotDigitGateFit.Budget c = new NotDigitGateFit.Budget(0.006, List.of(), 0.009);
        NotDigitGateFit.Budget d = new NotDigitGateFit.Budget(0.008, List.of(), 0.012);
        assertEquals(c, NotDigitGateFit.chosen(List.of(a, b, c, d)));
        assertEquals(b, NotDigitGateFit.chosen(List.of(a, b, d)));
    }

    @Test
    void aShortTrainingTellsDigitsFromNonDigitsAndScoresAreTheLogitDifference() throws Exception {
        var mnist = new MnistStore(MnistStore.defaultDirectory(), System.out::println).load();
        int kinds = Doodles.kinds(Doodles.Split.TRAINED).size();
        NotDigitHeadFit.Sizes small = new NotDigitHeadFit.Sizes(1500, 500, 60 * kinds, 0, 1000, 500, 0);
        NotDigitHeadFit.Pictures pictures = NotDigitHeadFit.pictures(mnist, null, small, s -> { });
        NotDigitGateFit.Counts counts = new NotDigitGateFit.Counts(300, 100, 120, 60, 90, 45);
        NotDigitGateFit.Data data = NotDigitGateFit.data(pictures, counts);
        ValidationSplit split = NotDigitGateFit.split(data);
        NotDigitHeadFit.Group photos = group(data.training(), NotDigitGateFit.PHOTO_DIGITS_NAME);
        NotDigitHeadFit.Group photoDoodles = group(data.training(), NotDigitGateFit.PHOTO_DOODLES_NAME);
        assertTrue(photos.digit() && photos.count() >= 0.95 * counts.photoDigits(), "photos whose cleaning leaves ink: " + photos);
        assertTrue(!photoDoodles.digit() && photoDoodles.count() >= 0.9 * counts.photoDoodles(),
                "photographed doodles, non-digits, most with ink after cleaning: " + photoDoodles);
        NotDigitHeadFit.Group validationPhotoDoodles = group(data.validation(), NotDigitGateFit.PHOTO_DOODLES_NAME);
        assertTrue(!validationPhotoDoodles.digit() && validationPhotoDoodles.count() > 0);
        assertTrue(!java.util.Arrays.equals(photoDoodles.pixels(), 0, 1024, validationPhotoDoodles.pixels(), 0, 1024),
                "validation doodles are other pictures than the training ones");
        // Every digit group labelled 0; everything else 1.
        int digits = data.training().stream().filter(NotDigitHeadFit.Group::digit).mapToInt(NotDigitHeadFit.Group::count).sum();
        assertEquals(pictures.trainingGroups().stream().filter(NotDigitHeadFit.Group::digit).mapToInt(NotDigitHeadFit.Group::count)
                .sum() + counts.strokeDigits() + photos.count(), digits);
        assertEquals(digits, Arrays.stream(split.train().labels()).filter(l -> l == dev.digitnet.model.NotDigitGate.DIGIT).count());
        assertEquals(split.train().count() - digits,
                Arrays.stream(split.train().labels()).filter(l -> l == dev.digitnet.model.NotDigitGate.NOT_DIGIT).count());

        TrainingRecipe recipe = TrainingRecipe.builder().epochs(2).batchSize(64).learningRate(3e-3).warmupSteps(20)
                .augment(false).seed(3).build();
        try (TrainingSession session = TrainingSession.start(recipe, NotDigitGateFit.architecture(split.train().side()))) {
            DigitNetTrainer.builder().build().fit(session, split.train(), split.validation().first(0));
            try (ProbabilityModel gate = session.model().newProbabilityModel()) {
                DigitImages v = split.validation();
                float[] s = NotDigitGateFit.scores(gate, v.pixels(), v.count());
                float[][] logits = gate.logits(new float[][] {v.image(0)});
                assertEquals(logits[0][1] - logits[0][0], s[0], 1e-5f, "score = logit[not a digit] - logit[digit]");
                List<NotDigitGateFit.Row> rows = NotDigitGateFit.validate(gate, data, 0.02);
                NotDigitGateFit.Row clean = rows.get(0);
                assertTrue(clean.digit() && clean.share() <= 0.02 + 1e-9, "calibration digits refused: " + clean);
                double accepted = rows.stream().filter(r -> !r.digit()).mapToDouble(NotDigitGateFit.Row::share).average()
                        .orElseThrow();
                assertTrue(accepted < 0.25, "mean share of validation non-digits accepted after 2 epochs: " + accepted
                        + "\n" + NotDigitGateFit.table(rows));
                // The objective: mean accepted plus the mean of the pen-drawn and photographed digits refused.
                double pen = rows.stream().filter(row -> row.set().equals(pictures.validationPenGroup().name()))
                        .findFirst().orElseThrow().share();
                double photo = rows.stream().filter(row -> row.set().equals(NotDigitGateFit.PHOTO_DIGITS_NAME))
                        .findFirst().orElseThrow().share();
                assertEquals(accepted + (pen + photo) / 2, NotDigitGateFit.objective(rows, data), 1e-12);
                // A fit without photographed pictures has no such groups and is chosen on the pen-drawn digits alone.
                NotDigitGateFit.Data plain = NotDigitGateFit.data(pictures, new NotDigitGateFit.Counts(300, 100, 0, 0, 0, 0));
                assertTrue(plain.training().stream().noneMatch(g -> g.name().equals(NotDigitGateFit.PHOTO_DIGITS_NAME)
                        || g.name().equals(NotDigitGateFit.PHOTO_DOODLES_NAME)));
                List<NotDigitGateFit.Row> plainRows = NotDigitGateFit.validate(gate, plain, 0.02);
                assertTrue(plainRows.stream().noneMatch(r -> r.set().equals(NotDigitGateFit.PHOTO_DIGITS_NAME)));
                double plainAccepted = plainRows.stream().filter(r -> !r.digit()).mapToDouble(NotDigitGateFit.Row::share).average()
                        .orElseThrow();
                assertEquals(plainAccepted + pen, NotDigitGateFit.objective(plainRows, plain), 1e-12);
                // Every budget scored in one pass gives the rows of that budget on its own.
                NotDigitGateFit.Budget one = NotDigitGateFit.budgets(gate, data, List.of(0.01, 0.02)).get(1);
                assertEquals(rows, one.rows());
            }
        }
    }

    private static NotDigitHeadFit.Group group(List<NotDigitHeadFit.Group> groups, String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no group " + name));
    }

    @Test
    void aWiderGateIsTheConvolutionalStudentOfThoseWidthsWithTwoClasses() {
        assertEquals(NotDigitGateFit.architecture(32), NotDigitGateFit.architecture(32, NotDigitGateFit.DEFAULT_WIDTHS));
        dev.digitnet.model.ConvNetConfig wide = NotDigitGateFit.architecture(32, List.of(16, 32, 64));
        dev.digitnet.model.ConvNetConfig student = (dev.digitnet.model.ConvNetConfig) dev.digitnet.model.ModelFamily.config("conv:16/32/64");
        assertEquals(List.of(16, 32, 64), wide.widths());
        assertEquals(List.of(2, 2, 2), wide.depths());
        assertEquals(2, wide.classes());
        assertEquals(student.kernelSize(), wide.kernelSize());
    }
}
