package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The DigitNet family: sizes from the one definition equal the built network's, budgets, spec syntax. */
class ModelFamilyTest {

    /**
     * The named students' sizes, worked by hand: per stage (in·out + out·out)·9 convolution weights
     * and 2·2·out BatchNorm γ and β, then last·10 + 10 for the classifier.
     */
    private static final Map<String, Long> PARAMETERS = Map.of("xs", 18_482L, "sm", 72_666L, "md", 128_410L, "lg", 288_170L);

    @Test
    void theTeacherIsTheModelCardsNetworkOf531888Parameters() {
        Architecture teacher = ModelFamily.config("teacher");
        assertEquals(DigitNetConfig.modelCard(), teacher);
        assertEquals(531_888L, teacher.parameters());
        try (DigitNetModel model = DigitNetModel.create(teacher, 0)) {
            assertEquals(531_888L, model.parameterCount());
        }
    }

    /**
     * Each design's layer list counts what the engine builds, its pooled features are the width the
     * design declares, and the engine hands out features of that width.
     */
    @Test
    void everyMembersSummaryCountsWhatTheEngineBuilds() {
        assertEquals(List.of("teacher", "xs", "sm", "md", "lg"), ModelFamily.names());
        for (String spec : List.of("teacher", "xs", "sm", "md", "lg", "conv:4/8:1-1", "conv:8/16/32/64:3-3-3-1", "8/16/32:1-2-1")) {
            Architecture config = ModelFamily.config(spec);
            Layer.Dims dims = new Layer.Dims(1, config.inputSize());
            for (Layer layer : config.layers()) {
                dims = layer.output(dims);
                if (layer.pooledFeatures()) {
                    break;
                }
            }
            assertEquals(new Layer.Dims(config.features(), 1), dims, spec);
            try (DigitNetModel model = DigitNetModel.create(config, 0); ProbabilityModel engine = model.newProbabilityModel()) {
                assertEquals(config.summary().parameters(), model.parameterCount(), spec);
                ProbabilityModel.Features out = engine.features(new float[2][config.inputSize() * config.inputSize()]);
                assertEquals(config.features(), out.features()[0].length, spec);
                assertEquals(config.classes(), out.logits()[0].length, spec);
            }
        }
    }

    /**
     * The teacher built from its layer list has exactly the parameters, by name and shape, of the
     * card's released weights (PyTorch-style names such as {@code stage1.0.depthwise.weight} and
     * {@code head.2.weight}), so those files load into it.
     */
    @Test
    void theTeachersParametersAreNamedAndShapedAsInTheCardsWeightsFile() throws IOException {
        Map<String, Shape> built = new TreeMap<>();
        Map<String, Shape> released = new TreeMap<>();
        try (DigitNetModel teacher = DigitNetModel.create(ModelFamily.config("teacher"), 0);
                NDManager manager = NDManager.newBaseManager();
                InputStream file = DigitNetModel.class.getResourceAsStream(
                        DigitNetModel.BUNDLED_RESOURCE + ModelFamily.TEACHER + "/" + DigitNetModel.WEIGHTS_FILE)) {
            ModelWeights.parameters(teacher.block()).forEach((name, p) -> built.put(name, p.getArray().getShape()));
            for (Map.Entry<String, NDArray> e : ModelWeights.read(manager, file).entrySet()) {
                released.put(e.getKey(), e.getValue().getShape());
            }
        }
        assertEquals(released, built);
        assertEquals(74, built.size());
        for (String name : List.of("stem.weight", "stage1.0.depthwise.weight", "stage1.0.skip.weight", "stage3.2.grn.beta",
                "stage4.0.project.bias", "head.2.weight", "head.5.bias")) {
            assertTrue(built.containsKey(name), name);
        }
    }

    @Test
    void namedStudentsHaveTheirAdvertisedSizesAndGrowInSize() {
        long previousParameters = 0;
        for (String name : ModelFamily.studentNames()) {
            Architecture s = ModelFamily.config(name);
            long parameters = s.parameters();
            assertEquals(PARAMETERS.get(name), parameters, name);
            assertTrue(parameters > previousParameters, name);
            assertEquals(32, s.inputSize(), name);
            assertEquals(10, s.classes(), name);
            previousParameters = parameters;
        }
    }

    @Test
    void theBudgetedStudentsFitTheirBudgetsAndCostLessThanTheTeacher() {
        long teacherFlops = ModelFamily.config("teacher").summary().flops();
        long budgeted = 0;
        for (String name : ModelFamily.studentNames()) {
            var budget = ModelFamily.budget(name);
            if (budget.isEmpty()) {
                continue;
            }
            budgeted++;
            Architecture s = ModelFamily.config(name);
            assertTrue(s.parameters() <= budget.get().maxParameters(), name + ": " + s.parameters());
            assertTrue(s.summary().flops() < teacherFlops, name + ": " + s.summary().flops());
        }
        assertEquals(3, budgeted, "xs, sm and md have budgets");
    }

    @Test
    void aConvolutionalStudentIsCountedLayerByLayer() {
        // 8/16/32, two 3×3 convolutions a stage, no bias, BatchNorm γ and β, global pool, 32→10:
        // (1·8 + 8·8)·9 + 2·(2·8) + (8·16 + 16·16)·9 + 2·(2·16) + (16·32 + 32·32)·9 + 2·(2·32) + 330
        ConvNetConfig c = (ConvNetConfig) ModelFamily.config("conv:8/16/32");
        assertEquals(18_482L, c.parameters());
        assertEquals("conv:8/16/32:2-2-2", c.spec());
        // FLOPs: 2 × MACs; the first convolution at 32×32 is 1·8·9·1024 MACs.
        assertEquals(2L * 1024 * 8 * 9, c.summary().layers().get(0).flops());
    }

    @Test
    void explicitSpecificationsBuildTheNamedDesigns() {
        ConvNetConfig conv = (ConvNetConfig) ModelFamily.config("conv:8/16/32:1-2-3");
        assertEquals(List.of(8, 16, 32), conv.widths());
        assertEquals(List.of(1, 2, 3), conv.depths());
        assertEquals(List.of(2, 2), ((ConvNetConfig) ModelFamily.config("conv:8/16")).depths());
        DigitNetConfig shallow = (DigitNetConfig) ModelFamily.config("8/16/32:1-2-1");
        assertEquals(List.of(8, 16, 32), shallow.widths());
        assertEquals(List.of(1, 2, 1), shallow.depths());
    }

    @Test
    void unknownNamesAndMalformedSpecificationsAreRefusedWithTheChoices() {
        for (String bad : new String[] {"huge", "", "8/16/x", "8/16/32/64:1-1", "-4/8", "8//16", "conv:", "conv:8:", "conv:8/16:1", "xl"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFamily.config(bad), bad);
            assertTrue(e.getMessage().contains("xs") || e.getMessage().contains("depths"), bad + ": " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ModelFamily.config("conv:8/16/32/64/128/256/512/1024/2048"));
    }
}
