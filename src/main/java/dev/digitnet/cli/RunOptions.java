package dev.digitnet.cli;

import dev.digitnet.train.TrainingRun;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --out}, {@code --resume} and {@code --force}: the run folder of {@code train}, {@code
 * distill} and {@code finetune}, and what to do with a checkpoint in it. Each command gives its
 * default folder, which the help shows.
 */
final class RunOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder: model/, checkpoints/, metrics.jsonl (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--resume", description = "continue from the run folder's last checkpoint")
    boolean resume;

    @Option(names = "--force", description = "with --resume: continue even if the recipe (seed included), architecture "
            + "or objective differ from the checkpoint's")
    boolean force;

    /** @param defaultFolder the folder without {@code --out}, as the help shows it */
    RunOptions(Path defaultFolder) {
        this.out = defaultFolder;
    }

    /** The run folder: {@code --out}, else the command's default. */
    Path folder() {
        return out;
    }

    /** The run folder: {@code --out}, else {@code computed} (for a default that depends on other options). */
    Path folder(Supplier<Path> computed) {
        return command.commandLine().getParseResult().hasMatchedOption("--out") ? out : computed.get();
    }

    /**
     * Refuses, in one line and before any work, to overwrite a run in {@code folder} or to resume
     * one that is not there.
     */
    void checkResumable(Path folder) {
        TrainingRun.checkResumable(folder, resume);
    }
}
