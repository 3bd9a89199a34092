package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train, distill and finetune share --out/--resume/--force: one help text, one check before any work. */
class RunOptionsTest {

    /** Each command, the arguments it needs besides the run options, and its default run folder. */
    private static final Map<String, String[]> COMMANDS = Map.of(
            "train", new String[] {"runs/digitnet"},
            "distill", new String[] {"runs/distill-STUDENT", "--student", "xs"},
            "finetune", new String[] {"runs/finetune-oe"});

    private static String[] args(String command, String... more) {
        String[] extra = COMMANDS.get(command);
        String[] all = new String[1 + extra.length - 1 + more.length];
        all[0] = command;
        System.arraycopy(extra, 1, all, 1, extra.length - 1);
        System.arraycopy(more, 0, all, extra.length, more.length);
        return all;
    }

    @Test
    void theHelpOfEachCommandStatesItsDefaultFolderAndTheSameForceRule() {
        String force = null;
        for (var entry : COMMANDS.entrySet()) {
            CommandLine cli = new CommandLine(new DigitNetCli()).getSubcommands().get(entry.getKey());
            String help = cli.getUsageMessage().replaceAll("\\s+", " ");
            assertTrue(help.contains("(default: " + entry.getValue()[0] + ")"), entry.getKey() + ": " + help);
            int start = help.indexOf("--force with");
            String text = help.substring(start, help.indexOf("checkpoint's", start));
            if (force == null) {
                force = text;
            }
            assertEquals(force, text, entry.getKey());
        }
    }

    @Test
    void aResumeWithoutCheckpointAndAnOverwriteAreRefusedBeforeAnyDataIsFetched(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path held = dir.resolve("held");
        Files.createDirectories(held.resolve("checkpoints"));
        Files.writeString(held.resolve("checkpoints").resolve("latest.json"), "{}");
        for (String command : COMMANDS.keySet()) {
            CliRun resume = CliRun.run(args(command, "--resume", "--out", dir.resolve("empty-" + command).toString(),
                    "--data-dir", data.toString()));
            assertEquals(2, resume.status(), command + ": " + resume.err());
            assertTrue(resume.err().contains("nothing to resume"), command + ": " + resume.err());
            assertEquals(1, resume.err().strip().lines().count(), resume.err());
            CliRun overwrite = CliRun.run(args(command, "--out", held.toString(), "--data-dir", data.toString()));
            assertEquals(2, overwrite.status(), command + ": " + overwrite.err());
            assertTrue(overwrite.err().contains("already holds a checkpoint: pass --resume"), command + ": " + overwrite.err());
        }
        assertFalse(Files.exists(data), "nothing was fetched");
    }
}
