package dev.digitnet.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per epoch with loss, running top-1 and images/s, and a summary line per epoch.
 * On a terminal the bar redraws in place; in a log file it prints a line every few seconds.
 */
public final class ProgressListener implements TrainingListener {

    private final PrintStream out;
    private final boolean interactive;
    private int epochs;
    private ProgressBar bar;

    public ProgressListener(PrintStream out) {
        this.out = out;
        this.interactive = System.console() != null && out == System.out;
    }

    @Override
    public void onTrainingStart(TrainingRecipe recipe, int firstEpoch, int stepsPerEpoch, int trainImages) {
        epochs = recipe.epochs();
        out.printf(Locale.ROOT, "Training on %,d images, %d steps per epoch, epochs %d–%d%n",
                trainImages, stepsPerEpoch, firstEpoch, recipe.epochs());
    }

    @Override
    public void onStep(StepResult step) {
        if (bar == null) {
            ProgressBarBuilder builder = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", step.epoch(), epochs))
                    .setInitialMax(step.stepsInEpoch())
                    .setStyle(ProgressBarStyle.ASCII)
                    .continuousUpdate()
                    .hideEta();
            if (!interactive) {
                builder.setConsumer(new DelegatingProgressBarConsumer(out::println, 110)).setUpdateIntervalMillis(15_000);
            } else {
                builder.setUpdateIntervalMillis(250);
            }
            bar = builder.build();
        }
        bar.stepTo(step.step());
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f top-1 %.2f%% %.0f img/s",
                step.loss(), 100 * step.runningTop1(), step.imagesPerSecond()));
    }

    @Override
    public void onEpochEnd(EpochResult e, TrainingSession session) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        String validation;
        if (Double.isNaN(e.valTop1())) {
            validation = "no validation split";
        } else if (Double.isNaN(e.valTop1Average())) {
            validation = String.format(Locale.ROOT, "val loss %.4f top-1 %.2f%%", e.valLoss(), 100 * e.valTop1());
        } else {
            validation = String.format(Locale.ROOT, "val loss %.4f top-1 %.2f%% (average %.2f%%)", e.valLoss(), 100 * e.valTop1(),
                    100 * e.valTop1Average());
        }
        out.printf(Locale.ROOT, "epoch %d/%d: train loss %.4f top-1 %.2f%% | %s | %.0f s, %.0f img/s%n",
                e.epoch(), epochs, e.trainLoss(), 100 * e.trainTop1(), validation, e.seconds(), e.imagesPerSecond());
    }
}
