package dev.digitnet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DigitNet family: sizes as advertised, counted two ways, and the explicit-widths syntax. */
class ModelFamilyTest {

    /**
     * Parameter counts worked from the layer formulas (ModelSummary's comment): the teacher's is the
     * model card's 531,888; the students' are what the distillation issue asked for (~25k, ~75k,
     * ~150k, ~252k).
     */
    private static final Map<String, Long> PARAMETERS = Map.of(
            "teacher", 531_888L, "xs", 24_788L, "sm", 74_624L, "md", 150_252L, "lg", 251_672L);

    @Test
    void everyMemberHasItsAdvertisedParameterCountInTheSummaryAndInTheBuiltNetwork() {
        assertEquals(List.of("teacher", "xs", "sm", "md", "lg"), ModelFamily.names());
        for (String name : ModelFamily.names()) {
            DigitNetConfig config = ModelFamily.config(name);
            assertEquals(PARAMETERS.get(name), ModelSummary.of(config).parameters(), name);
            try (DigitNetModel model = DigitNetModel.create(config, 0)) {
                assertEquals(PARAMETERS.get(name), model.parameterCount(), name + " as built");
            }
        }
    }

    @Test
    void studentsShareTheTeachersBlockDesignAndGrowInSizeAndCost() {
        DigitNetConfig teacher = ModelFamily.config("teacher");
        assertEquals(DigitNetConfig.modelCard(), teacher);
        long previousFlops = 0;
        for (String name : ModelFamily.studentNames()) {
            DigitNetConfig s = ModelFamily.config(name);
            assertEquals(teacher.depths(), s.depths(), name);
            assertEquals(teacher.kernelSize(), s.kernelSize(), name);
            assertEquals(teacher.expansion(), s.expansion(), name);
            assertEquals(teacher.inputSize(), s.inputSize(), name);
            assertEquals(teacher.classes(), s.classes(), name);
            long flops = ModelSummary.of(s).flops();
            assertTrue(flops > previousFlops && flops < ModelSummary.of(teacher).flops(), name);
            previousFlops = flops;
        }
    }

    @Test
    void explicitWidthsAndDepthsBuildTheSameBlockDesign() {
        DigitNetConfig sm = ModelFamily.config("8/16/32/64");
        assertEquals(ModelFamily.config("sm"), sm);
        DigitNetConfig shallow = ModelFamily.config("8/16/32:1-2-1");
        assertEquals(List.of(8, 16, 32), shallow.widths());
        assertEquals(List.of(1, 2, 1), shallow.depths());
    }

    @Test
    void unknownNamesAndMalformedSpecificationsAreRefusedWithTheChoices() {
        for (String bad : new String[] {"huge", "", "8/16/x", "8/16/32/64:1-1", "-4/8", "8//16"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFamily.config(bad), bad);
            assertTrue(e.getMessage().contains("xs") || e.getMessage().contains("depths"), bad + ": " + e.getMessage());
        }
    }
}
