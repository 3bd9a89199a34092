package dev.digitnet.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a package client ({@code npm pack}, {@code apt-get download}, {@code tar}, {@code
 * dpkg-deb}) to completion within a deadline: the one way the data sources start a program.
 */
public final class ExternalCommand {

    private ExternalCommand() {}

    /**
     * Runs {@code command} in {@code dir}; its output goes to a file in {@code logDir}, so it cannot
     * block on a full pipe, and a failure's last 300 characters become one line of the error.
     *
     * @throws IOException when the program is missing, times out (it and its children are killed),
     *     or exits non-zero
     */
    public static void run(List<String> command, Path dir, Path logDir, Duration timeout) throws IOException {
        String shown = "`" + String.join(" ", command) + "`";
        Path output = Files.createTempFile(logDir, "command", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new IOException("`" + command.get(0) + "` is not available (" + e.getMessage() + ")", e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IOException(shown + " timed out after " + timeout.toMillis() / 1000.0 + " s");
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + shown, e);
        }
        if (process.exitValue() != 0) {
            // Clients print several lines (apt does); the error stays one line.
            String tail = new String(Files.readAllBytes(output), StandardCharsets.UTF_8).strip().replaceAll("\\s*\\R\\s*", " | ");
            tail = tail.length() > 300 ? "…" + tail.substring(tail.length() - 300) : tail;
            throw new IOException(shown + " failed (exit " + process.exitValue() + ")" + (tail.isEmpty() ? "" : ": " + tail));
        }
    }

    /** npm and apt start children of their own, so the whole tree is ended, not just the direct process. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
