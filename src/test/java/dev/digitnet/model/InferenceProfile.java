package dev.digitnet.model;

import ai.djl.pytorch.jni.JniUtils;
import dev.digitnet.model.ProbabilityModel;
import java.util.Arrays;
import java.util.Random;

/**
 * Developer tool, not a test: times batch-1 inference of the bundled model and writes libtorch's
 * profiler trace (Chrome trace JSON) so per-op native time can be told apart from call overhead.
 * Usage: {@code java -cp ... dev.digitnet.model.InferenceProfile [trace.json] [batch]}.
 */
public final class InferenceProfile {

    public static void main(String[] args) throws Exception {
        String trace = args.length > 0 ? args[0] : "/tmp/digitnet-trace.json";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Random random = new Random(1);
        float[][] images = new float[batch][1024];
        for (float[] image : images) {
            for (int i = 0; i < image.length; i++) {
                image[i] = random.nextFloat();
            }
        }
        try (DigitNetModel model = DigitNetModel.loadBundled(); ProbabilityModel p = model.newProbabilityModel()) {
            for (int i = 0; i < 300; i++) {
                p.probabilities(images);
            }
            double[] ms = new double[500];
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                p.probabilities(images);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("batch %d: median %.3f ms, p90 %.3f ms, p99 %.3f ms%n", batch, ms[250], ms[450], ms[495]);
            JniUtils.startProfile(false, true, false);
            for (int i = 0; i < 50; i++) {
                p.probabilities(images);
            }
            JniUtils.stopProfile(trace);
            System.out.println("trace: " + trace);
        }
    }
}
