package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command's help renders cleanly: picocli formats descriptions, so a bare '%' breaks them. */
class CliHelpTest {

    static Stream<String> commands() {
        return new CommandLine(new DigitNetCli()).getSubcommands().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpRendersWithoutFormatWarnings(String command) {
        CliRun r = CliRun.run(command, "--help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("Usage: digitnet " + command), r.out());
        for (String bad : List.of("picocli WARN", "Could not format", "%n")) {
            assertFalse(r.out().contains(bad) || r.err().contains(bad), command + ": " + bad + "\n" + r.out() + r.err());
        }
    }
}
