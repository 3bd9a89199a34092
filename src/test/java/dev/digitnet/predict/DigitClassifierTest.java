package dev.digitnet.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.predict.DigitClassifier.Classification;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitClassifierTest {

    @Test
    void ranksAllTenDigits() {
        try (DigitClassifier c = DigitClassifier.create(
                () -> FakeModels.fixed(0.01f, 0.02f, 0.5f, 0.03f, 0.04f, 0.05f, 0.06f, 0.07f, 0.2f, 0.02f), 2)) {
            Classification r = c.classify(TestDigits.image(TestDigits.SEVEN, 280, false));
            assertFalse(r.empty());
            assertEquals(10, r.top().size());
            assertEquals(2, r.best().digit());
            assertEquals(List.of(2, 8, 7), r.top(3).stream().map(Prediction::digit).toList());
            for (int i = 1; i < 10; i++) {
                assertTrue(r.top().get(i - 1).probability() >= r.top().get(i).probability());
            }
            assertEquals(List.of(1, 9, 0), r.top().subList(7, 10).stream().map(Prediction::digit).toList(), "ties by digit");
            assertEquals(784, r.input28().length);
            assertEquals(1024, r.input32().length);
            assertTrue(r.millis() >= 0);
            assertEquals(10, r.top(50).size());
        }
    }

    @Test
    void classifiesByShapeThroughThePreprocessor(@TempDir Path dir) throws Exception {
        try (DigitClassifier c = DigitClassifier.create(FakeModels::shape, 1)) {
            assertEquals(1, c.classify(TestDigits.image(TestDigits.ONE, 300, false)).best().digit());
            assertEquals(0, c.classify(TestDigits.image(TestDigits.ZERO, 300, true)).best().digit());
            Path file = dir.resolve("one.png");
            Files.write(file, TestDigits.png(TestDigits.ONE, 120, false));
            assertEquals(1, c.classify(file).best().digit());
            Path junk = dir.resolve("junk.png");
            Files.writeString(junk, "no image here");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.classify(junk));
            assertTrue(e.getMessage().contains("junk.png"), e.getMessage());
            assertThrows(java.nio.file.NoSuchFileException.class, () -> c.classify(dir.resolve("missing.png")));
        }
    }

    @Test
    void blankInputIsEmptyWithoutRunningTheModel() {
        FakeModels.Base model = (FakeModels.Base) FakeModels.shape();
        try (DigitClassifier c = DigitClassifier.create(() -> model, 1)) {
            Classification r = c.classify(new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB));
            assertTrue(r.empty());
            assertTrue(r.top().isEmpty());
            assertTrue(r.top(3).isEmpty());
            assertThrows(NoSuchElementException.class, r::best);
            assertTrue(c.classifyGrid28(new double[28][28]).empty());
            assertEquals(0, model.calls.get());
        }
    }

    @Test
    void grid28Works() {
        double[][] grid = new double[28][28];
        for (int y = 4; y < 24; y++) {
            grid[y][13] = 255;
            grid[y][14] = 200;
        }
        try (DigitClassifier c = DigitClassifier.create(FakeModels::shape, 1)) {
            Classification r = c.classifyGrid28(grid);
            assertEquals(1, r.best().digit());
            assertEquals(1f, r.input28()[4 * 28 + 13], 1e-6);
            assertThrows(IllegalArgumentException.class, () -> c.classifyGrid28(new double[27][28]));
        }
    }

    @Test
    void isThreadSafeAndClosesTheOwner() throws Exception {
        List<FakeModels.Base> models = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean ownerClosed = new AtomicBoolean();
        DigitClassifier c = DigitClassifier.create(() -> {
            FakeModels.Base m = (FakeModels.Base) FakeModels.shape();
            models.add(m);
            return m;
        }, 3, () -> ownerClosed.set(true));
        BufferedImage one = TestDigits.image(TestDigits.ONE, 200, false);
        BufferedImage zero = TestDigits.image(TestDigits.ZERO, 200, true);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                BufferedImage image = i % 2 == 0 ? one : zero;
                answers.add(threads.submit(() -> c.classify(image).best().digit()));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(i % 2 == 0 ? 1 : 0, answers.get(i).get());
            }
        } finally {
            threads.shutdownNow();
        }
        assertFalse(models.stream().anyMatch(m -> m.usedConcurrently));
        c.close();
        c.close();
        assertTrue(ownerClosed.get());
        assertTrue(models.stream().allMatch(m -> m.closed.get()));
        assertThrows(IllegalStateException.class, () -> c.classify(one));
        assertTrue(ImageIO.getImageReadersByFormatName("png").hasNext());
    }

    @Test
    void aPictureReadAsAPhotoOfPaperIsHeldToThePhotoThreshold() {
        // A stand-in with a gate that scores every picture not_digit = 0.
        java.util.function.Supplier<dev.digitnet.model.ProbabilityModel> gated = () -> new FakeModels.Base() {
            @Override
            float[] one(float[] input) {
                float[] p = new float[10];
                java.util.Arrays.fill(p, 0.1f / 9);
                p[7] = 0.9f;
                return p;
            }

            @Override
            public boolean hasNotDigit() {
                return true;
            }

            @Override
            public Outputs outputs(float[][] inputs) {
                return new Outputs(logits(inputs), new float[inputs.length]);
            }
        };
        dev.digitnet.model.Calibration calibration = new dev.digitnet.model.Calibration(1, Double.NEGATIVE_INFINITY, 100, -1, "test")
                .withMaxNotDigitPhoto(1);
        dev.digitnet.input.ModelInput drawn = dev.digitnet.input.DigitInput.fromImage(TestDigits.image(TestDigits.SEVEN, 280, false));
        assertFalse(drawn.photo(), "a clean drawing is not read as a photo");
        dev.digitnet.input.ModelInput photo = new dev.digitnet.input.ModelInput(drawn.image28(), drawn.image32(), false, true);
        try (DigitClassifier c = DigitClassifier.create(gated, 1, null, calibration)) {
            Classification asDrawn = c.classify(drawn);
            Classification asPhoto = c.classify(photo);
            assertFalse(asDrawn.check().digit(), "not_digit 0 is over the clean threshold -1");
            assertEquals(-1, asDrawn.check().maxNotDigit());
            assertTrue(asPhoto.check().digit(), "not_digit 0 is within the photo threshold 1");
            assertEquals(1, asPhoto.check().maxNotDigit(), "the verdict reports the threshold it used");
            assertEquals(asDrawn.top(), asPhoto.top(), "the answers themselves are the same");
        }
    }
}
