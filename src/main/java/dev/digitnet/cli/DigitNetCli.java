package dev.digitnet.cli;

import dev.digitnet.data.DataException;
import dev.digitnet.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code digitnet}: the command line entry point. Each subcommand is one class in this package. */
@Command(
        name = "digitnet",
        mixinStandardHelpOptions = true,
        version = "DigitNet 1.0.0",
        description = "Train, evaluate, explain and serve a small ConvNeXt-V2-style network for handwritten digits.",
        subcommands = {
            DataCommand.class,
            InfoCommand.class,
            TrainCommand.class,
            DistillCommand.class,
            FinetuneCommand.class,
            EvaluateCommand.class,
            CalibrateCommand.class,
            FitHeadCommand.class,
            FitGateCommand.class,
            PredictCommand.class,
            PhotosCommand.class,
            ExportCommand.class,
            BenchCommand.class,
            ServeCommand.class,
            ReportCommand.class
        })
public final class DigitNetCli {

    /** Exit status for bad input (missing or corrupt files, bad arguments). */
    static final int BAD_INPUT = 2;

    /** Exit status for a run that started but could not finish (training diverged). */
    static final int FAILED = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit status instead of exiting (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new DigitNetCli());
        cli.setExecutionExceptionHandler(DigitNetCli::handle);
        return cli.execute(args);
    }

    /** Bad input gets one clear line and a non-zero status, not a stack trace. */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        String message;
        if (cause instanceof DataException || cause instanceof IllegalArgumentException) {
            message = cause.getMessage();
        } else if (cause instanceof NoSuchFileException missing) {
            message = "no such file: " + missing.getFile() + (missing.getReason() == null ? "" : " (" + missing.getReason() + ")");
        } else if (cause instanceof IOException) {
            message = cause.getMessage();
        } else if (cause instanceof TrainingDivergedException diverged) {
            // Not bad input, but nothing a stack trace would explain better than the message.
            cmd.getErr().println("digitnet " + cmd.getCommandName() + ": " + diverged.getMessage());
            return FAILED;
        } else {
            throw new IllegalStateException(e);
        }
        cmd.getErr().println("digitnet " + cmd.getCommandName() + ": " + message);
        return BAD_INPUT;
    }
}
