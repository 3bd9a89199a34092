package dev.digitnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private static TrainingRecipe recipe(TrainingRecipe.Schedule schedule) {
        return TrainingRecipe.builder().learningRate(1e-3).warmupSteps(100).schedule(schedule).seed(1).build();
    }

    @Test
    void warmUpRisesLinearlyToThePeak() {
        LearningRateSchedule s = new LearningRateSchedule(recipe(TrainingRecipe.Schedule.COSINE), 1000);
        assertEquals(1e-5, s.at(0), 1e-12);
        assertEquals(5e-4, s.at(49), 1e-12);
        assertEquals(1e-3, s.at(99), 1e-12);
    }

    @Test
    void cosineFallsFromThePeakToTheFloorAtTheLastStep() {
        LearningRateSchedule s = new LearningRateSchedule(recipe(TrainingRecipe.Schedule.COSINE), 1000);
        assertEquals(1e-3, s.at(100), 1e-12);
        assertEquals(1e-5, s.at(999), 1e-12);
        double middle = s.at(100 + 899 / 2);
        assertEquals((1e-3 + 1e-5) / 2, middle, 2e-6);
        for (int step = 101; step < 1000; step++) {
            assertTrue(s.at(step) <= s.at(step - 1), "not decreasing at " + step);
        }
    }

    @Test
    void constantScheduleHoldsThePeakAfterWarmUp() {
        LearningRateSchedule s = new LearningRateSchedule(recipe(TrainingRecipe.Schedule.CONSTANT), 1000);
        assertEquals(1e-3, s.at(500), 0);
        assertEquals(1e-3, s.at(999), 0);
    }
}
