package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import dev.digitnet.model.Architecture;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelWeights;
import java.util.Locale;

/**
 * Knowledge distillation (Hinton, Vinyals and Dean, 2015): the student matches the teacher's
 * softened class distribution as well as the true labels,
 *
 * <pre>
 *   loss = α · T² · KL(softmax(t / T) ‖ softmax(s / T)) + (1 − α) · CE(s, y)
 * </pre>
 *
 * averaged over the batch, where t and s are the teacher's and the student's logits. T² keeps the
 * soft term's gradients on the scale of the hard term's as T grows. The teacher scores exactly the
 * batch the student sees (augmentation included), in inference mode and without an autograd graph,
 * so gradients reach only the student.
 */
public final class DistillationObjective implements TrainingObjective {

    private final DigitNetModel teacher;
    private final String teacherName;
    private final double temperature;
    private final double alpha;
    private TeacherLogitsCache cache;
    private MixedDigits transfer;

    /**
     * @param teacher the trained model to learn from; it is only read
     * @param teacherName how provenance names the teacher ({@code bundled:teacher} or a folder)
     * @param temperature T &gt; 0; 1 leaves the distributions as they are, larger T softens them
     * @param alpha weight of the soft (teacher) term in [0, 1]; 0 is plain cross-entropy
     */
    public DistillationObjective(DigitNetModel teacher, String teacherName, double temperature, double alpha) {
        checkArguments(temperature, alpha);
        // The teacher is only read: its weights stop asking autograd for gradients, so no graph
        // can ever reach them (its forward pass also runs with grad mode off).
        ModelWeights.parameters(teacher.block()).values().forEach(p -> p.getArray().setRequiresGradient(false));
        this.teacher = teacher;
        this.teacherName = teacherName;
        this.temperature = temperature;
        this.alpha = alpha;
    }

    /**
     * Keeps the teacher's logits in {@code root}, by exact batch, so that students distilled with
     * the same seed share the teacher's forward passes ({@link TeacherLogitsCache}). Needs a teacher
     * loaded from a weights file (its checksum names its cache).
     */
    public DistillationObjective cachingTeacherLogitsIn(java.nio.file.Path root) {
        cache = new TeacherLogitsCache(root, teacher.weightsSha256(), teacher.config().classes());
        return this;
    }

    /**
     * Appends transfer images to every batch ({@link MixedDigits}): the student matches the
     * teacher's answers on them, with no cross-entropy term since they have no true class.
     */
    public DistillationObjective withTransferImages(MixedDigits value) {
        checkTransfer(alpha, value);
        transfer = value;
        return this;
    }

    /** @throws IllegalArgumentException for transfer images without the teacher's soft term (α = 0) */
    public static void checkTransfer(double alpha, MixedDigits transfer) {
        if (transfer != null && alpha == 0) {
            throw new IllegalArgumentException("transfer images need the teacher's soft targets: alpha must be above 0");
        }
    }

    @Override
    public MixedDigits transferImages() {
        return transfer;
    }

    /** The teacher-logits cache, or {@code null}. */
    public TeacherLogitsCache cache() {
        return cache;
    }

    /** @throws IllegalArgumentException unless T is positive and finite and α is in [0, 1] */
    public static void checkArguments(double temperature, double alpha) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, got " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
    }

    /** Refuses a student the teacher cannot score: another input size or another set of classes. */
    public void checkCompatible(Architecture student) {
        Architecture t = teacher.config();
        if (t.inputSize() != student.inputSize() || t.classes() != student.classes()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, 
                    "the teacher takes %d×%d images into %d classes, the student %d×%d into %d: they cannot be distilled",
                    t.inputSize(), t.inputSize(), t.classes(), student.inputSize(), student.inputSize(), student.classes()));
        }
    }

    @Override
    public NDArray loss(NDArray logits, NDArray labels, NDArray images) {
        if (alpha == 0) {
            return TrainingObjective.crossEntropy(logits, labels); // no teacher pass needed
        }
        NDArray teacherLogits = cache == null
                ? teacher.inferenceLogits(images)
                : cache.logits(images, () -> teacher.inferenceLogits(images));
        return loss(logits, teacherLogits, labels, temperature, alpha, transfer != null);
    }

    /** The blended loss for given student and teacher logits (see the class comment). */
    static NDArray loss(NDArray studentLogits, NDArray teacherLogits, NDArray labels, double temperature, double alpha) {
        return loss(studentLogits, teacherLogits, labels, temperature, alpha, false);
    }

    /**
     * The blended loss; with {@code unlabelledRows}, the soft term is averaged over every row and
     * the hard term over the rows with a true label only (transfer images have none).
     */
    static NDArray loss(NDArray studentLogits, NDArray teacherLogits, NDArray labels, double temperature, double alpha,
            boolean unlabelledRows) {
        NDArray soft = softLoss(studentLogits, teacherLogits, temperature);
        if (alpha == 1) {
            return soft;
        }
        NDArray hard = unlabelledRows
                ? TrainingObjective.crossEntropyOfLabelled(studentLogits, labels)
                : TrainingObjective.crossEntropy(studentLogits, labels);
        return soft.mul((float) alpha).add(hard.mul((float) (1 - alpha)));
    }

    /**
     * T² · KL(softmax(t/T) ‖ softmax(s/T)), averaged over the batch. Both sides go through
     * log-softmax, so a confident teacher (probabilities that underflow to 0) gives 0 · finite
     * terms instead of 0 · log 0.
     */
    static NDArray softLoss(NDArray studentLogits, NDArray teacherLogits, double temperature) {
        NDArray logQ = studentLogits.div((float) temperature).logSoftmax(1);
        NDArray logP = teacherLogits.div((float) temperature).logSoftmax(1);
        NDArray kl = logP.exp().mul(logP.sub(logQ)).sum(new int[] {1}).mean();
        return kl.mul((float) (temperature * temperature));
    }

    @Override
    public JsonObject describe() {
        JsonObject json = new JsonObject();
        json.addProperty("type", "distillation");
        json.addProperty("temperature", temperature);
        json.addProperty("alpha", alpha);
        JsonObject t = new JsonObject();
        t.addProperty("model", teacherName);
        if (teacher.weightsSha256() != null) {
            t.addProperty("weights_sha256", teacher.weightsSha256());
        }
        t.addProperty("parameters", teacher.parameterCount());
        t.add("architecture", teacher.metadata().get("architecture"));
        json.add("teacher", t);
        if (transfer != null) {
            json.add("transfer_images", transfer.describe());
        }
        return json;
    }

    public double temperature() {
        return temperature;
    }

    public double alpha() {
        return alpha;
    }
}
