package dev.digitnet.predict;

import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitCheck;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.data.IdxDataset;
import dev.digitnet.input.DigitInput;
import dev.digitnet.input.ModelInput;
import dev.digitnet.runtime.InferenceModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Classifies pictures of single digits: the one input path ({@link DigitInput}: decoding, photo
 * cleaning, MNIST-style normalisation), then a pooled model. Thread-safe; the facade Java users call. Images classified at the same
 * time from several threads share forward passes ({@link BatchingInference}).
 *
 * <pre>{@code
 * try (DigitNetModel model = DigitNetModel.loadBundled();
 *      DigitClassifier classifier = DigitClassifier.create(model::newProbabilityModel, 4)) {
 *     System.out.println(classifier.classify(Path.of("seven.png")).best());
 * }
 * }</pre>
 */
public final class DigitClassifier implements AutoCloseable {

    /**
     * The answer for one picture.
     *
     * @param top all 10 digits, most probable first, with calibrated probabilities (empty when the
     *     picture had no ink)
     * @param empty whether the picture had no ink
     * @param check whether the picture looks like a digit at all ({@link DigitCheck#digit()}); when
     *     it does not, {@code top} is still the network's reading, to be shown as such
     * @param input28 the 28×28 MNIST-style image the picture became
     * @param input32 the 32×32 model input
     * @param millis time taken (preprocessing, waiting for a model and inference), in ms
     */
    public record Classification(List<Prediction> top, boolean empty, DigitCheck check, float[] input28, float[] input32,
            double millis) {

        public Classification {
            top = List.copyOf(top);
        }

        /** Whether the picture looks like a digit (see {@link #check()} for the score and why not). */
        public boolean isDigit() {
            return check.digit();
        }

        /** The {@code k} most probable digits (fewer if the picture was empty). */
        public List<Prediction> top(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("k must not be negative, got " + k);
            }
            return top.subList(0, Math.min(k, top.size()));
        }

        /**
         * The most probable digit.
         *
         * @throws NoSuchElementException if the picture was empty (check {@link #empty()})
         */
        public Prediction best() {
            if (top.isEmpty()) {
                throw new NoSuchElementException("no digit: the image is blank");
            }
            return top.get(0);
        }
    }

    /** Most images one forward pass takes when requests arrive together. */
    static final int MAX_BATCH = 32;
    /** The digits, 0 to 9: MNIST's classes, which every DigitNet's logits follow. */
    private static final int CLASSES = IdxDataset.MNIST.classes().size();

    private final PredictorPool pool;
    private final BatchingInference inference;
    private final AutoCloseable owner;
    private final Calibration calibration;
    /** The calibration a picture read as a photo of paper is checked with, made once. */
    private final Calibration photoCalibration;
    private boolean closed;

    private DigitClassifier(PredictorPool pool, AutoCloseable owner, Calibration calibration) {
        this.pool = pool;
        this.inference = new BatchingInference(pool, MAX_BATCH);
        this.owner = owner;
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.photoCalibration = calibration.forPhotos();
    }

    /**
     * A classifier running up to {@code poolSize} inferences at once, each on a model from
     * {@code factory} (for example {@code model::newProbabilityModel}).
     */
    public static DigitClassifier create(Supplier<ProbabilityModel> factory, int poolSize) {
        return new DigitClassifier(new PredictorPool(factory, poolSize), null, Calibration.NONE);
    }

    /**
     * Like {@link #create(Supplier, int)}, and also closes {@code owner} (say, the model whose
     * weights the factory's predictors share) when the classifier is closed, after the pool:
     * {@code var m = DigitNetModel.loadBundled(); return create(m::newProbabilityModel, n, m);}
     */
    public static DigitClassifier create(Supplier<ProbabilityModel> factory, int poolSize, AutoCloseable owner) {
        return new DigitClassifier(new PredictorPool(factory, poolSize), Objects.requireNonNull(owner, "owner"),
                Calibration.NONE);
    }

    /**
     * Like {@link #create(Supplier, int, AutoCloseable)} ({@code owner} may be null), answering with
     * the given {@link Calibration}: calibrated probabilities and its digit check. For a model opened
     * on an engine, {@link #of(InferenceModel, int)} does this with the model's own.
     */
    public static DigitClassifier create(Supplier<ProbabilityModel> factory, int poolSize, AutoCloseable owner,
            Calibration calibration) {
        return new DigitClassifier(new PredictorPool(factory, poolSize), owner, calibration);
    }

    /**
     * A classifier over a model opened on an engine ({@code ModelReference.open}), running up to
     * {@code predictors} forward passes at once and answering with the calibration in the model's
     * card. The classifier owns the model: closing it closes the predictors, then the model (also
     * when this fails). The one way the CLI, the server and {@code DigitNet} make a classifier.
     */
    public static DigitClassifier of(InferenceModel model, int predictors) {
        try {
            Calibration calibration = Calibration.of(model.card());
            if (calibration.usesNotDigit()) {
                // A check that needs a head the model lacks fails here, in one line, not at every answer.
                try (ProbabilityModel probe = model.newProbabilityModel()) {
                    if (!probe.hasNotDigit()) {
                        throw new IllegalArgumentException("the model's calibration uses a not-a-digit head or gate that the model "
                                + "does not have");
                    }
                }
            }
            return create(model::newProbabilityModel, predictors, model, calibration);
        } catch (RuntimeException | Error e) {
            try {
                model.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The calibration the answers use ({@link Calibration#NONE} when the model has none). */
    public Calibration calibration() {
        return calibration;
    }

    /** How many inferences may run at once. */
    public int poolSize() {
        return pool.size();
    }

    public Classification classify(BufferedImage image) {
        long start = System.nanoTime();
        return run(DigitInput.fromImage(image), start);
    }

    /**
     * Reads and classifies a PNG or JPEG file.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a readable image
     */
    public Classification classify(Path imageFile) throws IOException {
        long start = System.nanoTime();
        return run(DigitInput.read(imageFile, null), start);
    }

    /** Classifies a 28×28 MNIST-like array (values in [0, 1] or [0, 255]); see {@link DigitInput#fromGrid28}. */
    public Classification classifyGrid28(double[][] grid) {
        long start = System.nanoTime();
        return run(DigitInput.fromGrid28(grid), start);
    }

    /** Classifies an input already made by {@link DigitInput} (the time counts from here). */
    public Classification classify(ModelInput input) {
        return run(input, System.nanoTime());
    }

    private Classification run(ModelInput p, long start) {
        if (p.empty()) {
            return new Classification(List.of(), true, DigitCheck.blank(), p.image28(), p.image32(), elapsedMs(start));
        }
        BatchingInference.Answer answer = inference.answer(p.image32());
        float[] logits = answer.logits();
        if (logits == null || logits.length != CLASSES) {
            throw new IllegalStateException("the model returned " + (logits == null ? "nothing" : logits.length
                    + " logits") + " instead of " + CLASSES);
        }
        float[] probabilities = calibration.probabilities(logits);
        // A photo of paper is held to the threshold fitted on photographed digits (Calibration#maxNotDigitPhoto).
        DigitCheck check = (p.photo() ? photoCalibration : calibration)
                .check(logits, answer.notDigit(), p.image32(), ModelInput.MODEL_SIZE);
        List<Prediction> ranked = new ArrayList<>(CLASSES);
        for (int d = 0; d < probabilities.length; d++) {
            ranked.add(new Prediction(d, probabilities[d]));
        }
        ranked.sort(Comparator.comparingDouble(Prediction::probability).reversed().thenComparingInt(Prediction::digit));
        return new Classification(ranked, false, check, p.image28(), p.image32(), elapsedMs(start));
    }

    private static double elapsedMs(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    /** Closes the pooled models (and the owner, if any). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        inference.close();
        pool.close();
        if (owner != null) {
            try {
                owner.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + owner + " failed", e);
            }
        }
    }
}
