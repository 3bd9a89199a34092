package dev.digitnet.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.digitnet.model.ProbabilityModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * One caller's view of a shared ONNX Runtime session. Not thread-safe (it reuses its input
 * buffer), like every {@link ProbabilityModel}; the session under it is, so a pool of these runs
 * forward passes concurrently without copies of the weights. Closing it leaves the session open:
 * the {@link OnnxModel} owns that.
 */
final class OnnxProbabilityModel implements ProbabilityModel {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final int inputSize;
    private final int classes;
    private final boolean notDigit;
    /** Direct, so ONNX Runtime reads the pixels in place instead of copying them once more. */
    private FloatBuffer input = FloatBuffer.allocate(0);

    OnnxProbabilityModel(OrtEnvironment environment, OrtSession session, int inputSize, int classes, boolean notDigit) {
        this.environment = environment;
        this.session = session;
        this.inputSize = inputSize;
        this.classes = classes;
        this.notDigit = notDigit;
    }

    @Override
    public boolean hasNotDigit() {
        return notDigit;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public float[][] logits(float[][] inputs) {
        return run(inputs).logits();
    }

    /** Both outputs of one run: the graph computes the head beside the logits anyway. */
    @Override
    public Outputs outputs(float[][] inputs) {
        return run(inputs);
    }

    private Outputs run(float[][] inputs) {
        int pixels = inputSize * inputSize;
        int needed = inputs.length * pixels;
        if (input.capacity() < needed) {
            input = ByteBuffer.allocateDirect(needed * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        input.clear();
        for (float[] image : inputs) {
            if (image.length != pixels) {
                throw new IllegalArgumentException("expected " + pixels + " pixels per image, got " + image.length);
            }
            input.put(image);
        }
        input.flip();
        long[] shape = {inputs.length, 1, inputSize, inputSize};
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, input, shape);
                OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor))) {
            FloatBuffer out = ((OnnxTensor) result.get(OnnxExporter.OUTPUT).orElseThrow()).getFloatBuffer();
            float[][] logits = new float[inputs.length][classes];
            for (float[] row : logits) {
                out.get(row);
            }
            float[] scores = new float[inputs.length];
            if (notDigit) {
                ((OnnxTensor) result.get(OnnxExporter.NOT_DIGIT).orElseThrow()).getFloatBuffer().get(scores);
            } else {
                Arrays.fill(scores, Float.NaN);
            }
            return new Outputs(logits, scores);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // The session belongs to the OnnxModel; the direct buffer goes with this object.
    }
}
