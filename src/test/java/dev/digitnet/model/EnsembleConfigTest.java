package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Networks of one design merged into one grouped network that computes the mean of their logits. */
class EnsembleConfigTest {

    private static final ConvNetConfig DESIGN = new ConvNetConfig(32, List.of(4, 8), List.of(2, 1), 3, 0f, 2);

    @TempDir Path dir;

    /** A network of {@link #DESIGN} whose every parameter, BatchNorm statistics included, is random (not the initial 0 and 1). */
    static DigitNetModel randomNetwork(long seed) {
        DigitNetModel n = DigitNetModel.create(DESIGN, seed);
        Random r = new Random(seed);
        for (Map.Entry<String, Parameter> e : ModelWeights.parameters(n.block()).entrySet()) {
            float[] values = new float[Math.toIntExact(e.getValue().getArray().size())];
            boolean variance = e.getKey().endsWith("runningVar");
            for (int i = 0; i < values.length; i++) {
                values[i] = variance ? 0.5f + r.nextFloat() : (float) r.nextGaussian() * 0.5f;
            }
            e.getValue().getArray().set(values);
        }
        return n;
    }

    static float[][] images(int n, long seed) {
        Random r = new Random(seed);
        float[][] inputs = new float[n][32 * 32];
        for (float[] image : inputs) {
            for (int i = 0; i < image.length; i++) {
                image[i] = r.nextFloat() < 0.3f ? r.nextFloat() : 0f;
            }
        }
        return inputs;
    }

    @Test
    void theMergedNetworkGivesTheMeanOfItsMembersLogits() throws Exception {
        List<DigitNetModel> members = new ArrayList<>();
        try {
            for (long seed = 1; seed <= 3; seed++) {
                members.add(randomNetwork(seed));
            }
            float[][] inputs = images(8, 5);
            float[][] expected;
            try (MeanLogitsModel mean = new MeanLogitsModel(members.stream().map(DigitNetModel::newProbabilityModel).toList())) {
                expected = mean.logits(inputs);
            }
            try (DigitNetModel merged = EnsembleConfig.average(members)) {
                assertEquals(new EnsembleConfig(DESIGN, 3), merged.config());
                float[][] actual;
                try (ProbabilityModel p = merged.newProbabilityModel()) {
                    actual = p.logits(inputs);
                }
                double spread = 0;
                for (int i = 0; i < inputs.length; i++) {
                    for (int k = 0; k < 2; k++) {
                        assertEquals(expected[i][k], actual[i][k], 1e-4 * Math.max(1, Math.abs(expected[i][k])), "image " + i);
                        spread += Math.abs(expected[i][k]);
                    }
                }
                assertTrue(spread > 1e-2, "the logits are not all zero: the comparison means something");

                // Counted from the one description, as the engine holds them: the members' minus the shared bias.
                long member = DESIGN.parameters();
                assertEquals(3 * member - 2 * DESIGN.classes(), merged.config().parameters());
                assertEquals(merged.config().parameters(), ModelWeights.count(merged.block()));
                assertEquals(3 * DESIGN.summary().flops(), merged.config().summary().flops(),
                        "three members' convolutions, and a classifier reading three times the features");

                // Saved and loaded, it is still the ensemble, and still gives the mean.
                merged.save(dir.resolve("e"));
                String config = Files.readString(dir.resolve("e").resolve(DigitNetModel.CONFIG_FILE));
                assertEquals(EnsembleConfig.KIND, JsonParser.parseString(config).getAsJsonObject()
                        .getAsJsonObject("architecture").get("kind").getAsString());
                try (DigitNetModel loaded = DigitNetModel.load(dir.resolve("e")); ProbabilityModel p = loaded.newProbabilityModel()) {
                    float[][] again = p.logits(inputs);
                    for (int i = 0; i < inputs.length; i++) {
                        for (int k = 0; k < 2; k++) {
                            assertEquals(actual[i][k], again[i][k], 1e-6, "image " + i);
                        }
                    }
                }
            }
        } finally {
            members.forEach(DigitNetModel::close);
        }
    }

    @Test
    void groupedConvolutionsAreCountedPerGroup() {
        Layer.Conv grouped = new Layer.Conv("c", 24, 48, 3, 3);
        assertEquals(24 / 3 * 48 * 9, grouped.parameters());
        assertEquals(2L * 16 * 16 * 24 / 3 * 48 * 9, grouped.flops(new Layer.Dims(24, 16)));
        assertEquals(new Layer.Conv("c", 24, 48, 3).parameters(), 3 * grouped.parameters());
        assertThrows(IllegalArgumentException.class, () -> new Layer.Conv("c", 8, 10, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> new Layer.Conv("c", 8, 8, 3, 0));
    }

    @Test
    void refusesWhatCannotBeAveraged() {
        assertThrows(IllegalArgumentException.class, () -> new EnsembleConfig(DESIGN, 1));
        assertThrows(IllegalArgumentException.class, () -> new EnsembleConfig(DESIGN, EnsembleConfig.MAX_MEMBERS + 1));
        assertThrows(IllegalArgumentException.class, () -> new EnsembleConfig(null, 2));
        try (DigitNetModel a = randomNetwork(1);
                DigitNetModel b = DigitNetModel.create(new ConvNetConfig(32, List.of(4, 8), List.of(1, 1), 3, 0f, 2), 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnsembleConfig.average(List.of(a, b)));
            assertTrue(e.getMessage().contains("share one design"), e.getMessage());
        }
    }

    @Test
    void aHostileConfigIsRefusedBeforeAnythingIsBuilt() {
        String json = "{\"architecture\":{\"kind\":\"ensemble\",\"members\":1000000,\"member\":{\"inputSize\":32,"
                + "\"widths\":[4,8],\"depths\":[1,1],\"kernelSize\":3,\"dropout\":0.0,\"classes\":2}}}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelMetadata.architecture(ModelMetadata.parse(json, "test")));
        assertTrue(e.getMessage().contains("members must be in"), e.getMessage());
    }
}
