package dev.digitnet.data.ood;

import dev.digitnet.data.BoundedCopy;
import dev.digitnet.data.DataException;
import dev.digitnet.data.DataFiles;
import dev.digitnet.input.ModelInput;
import dev.digitnet.data.ExternalCommand;
import dev.digitnet.data.IdxDataset;
import dev.digitnet.data.IdxFile;
import dev.digitnet.data.IdxReader;
import dev.digitnet.data.Images;
import dev.digitnet.io.AtomicFiles;
import dev.digitnet.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST's test set (10,000 pictures of clothing, 28×28, bright on dark like MNIST) as an
 * out-of-distribution set, cached beside MNIST; and, for training against outliers ({@link
 * #trainSplit}), its training set (60,000 pictures), which no benchmark ever scores.
 *
 * <p>Obtained from Debian's package {@value #PACKAGE}: first from its installed files, if someone
 * ran {@code apt install}; otherwise fetched with Debian's own client ({@code apt-get download},
 * which needs no privileges and checks the package against the signed archive index) and
 * unpacked with {@code dpkg-deb -x}. Either way each IDX file is decompressed, capped at its exact
 * size, and must match its SHA-256 before it enters the cache folder (written under a temporary
 * name, then renamed), so the folder only ever holds whole, verified files.
 */
public final class FashionMnist {

    /** Debian's package holding the four Fashion-MNIST IDX files (gzipped). */
    public static final String PACKAGE = "dataset-fashion-mnist";
    /** Environment variable overriding the cache folder. */
    public static final String DIR_ENV = "DIGITNET_FASHION_DIR";
    /** Where the installed package keeps the files. */
    static final Path INSTALLED = Path.of("/usr/share/datasets/fashion-mnist");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    /**
     * Fashion-MNIST's four IDX files and ten classes. No {@code .gz} sizes: the files come in a
     * Debian package, which apt verifies as a whole, not downloaded one by one.
     */
    public static final IdxDataset DATASET = new IdxDataset("Fashion-MNIST", 28,
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"),
            new IdxFile("train-images-idx3-ubyte", 60_000,
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 16 + 60_000L * 28 * 28),
            new IdxFile("train-labels-idx1-ubyte", 60_000,
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 8 + 60_000L),
            new IdxFile("t10k-images-idx3-ubyte", 10_000,
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 16 + 10_000L * 28 * 28),
            new IdxFile("t10k-labels-idx1-ubyte", 10_000,
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 8 + 10_000L));
    /** The ten classes, by label. */
    public static final List<String> CLASSES = DATASET.classes();
    /** Name of the set {@link #trainSplit} loads. */
    public static final String TRAIN_SET = "fashion-train";

    private final Path directory;
    private final Consumer<String> log;
    private final List<String> aptGet;
    private final List<String> dpkgDeb;
    private final Path installed;
    private final List<IdxFile> files;
    private final Duration timeout;

    /** The cache folder {@code directory}, fetched into with the system's {@code apt-get} and {@code dpkg-deb}. */
    public FashionMnist(Path directory, Consumer<String> log) {
        this(directory, log, List.of("apt-get"), List.of("dpkg-deb"), INSTALLED, DATASET.testImages(),
                DATASET.testLabels(), DEFAULT_TIMEOUT);
    }

    /**
     * Fashion-MNIST's training split (60,000 pictures, set name {@value #TRAIN_SET}) in the same
     * cache folder, obtained and verified the same way: outliers to train against, kept apart
     * from the test split that the benchmark scores.
     */
    public static FashionMnist trainSplit(Path directory, Consumer<String> log) {
        return new FashionMnist(directory, log, List.of("apt-get"), List.of("dpkg-deb"), INSTALLED,
                DATASET.trainImages(), DATASET.trainLabels(), DEFAULT_TIMEOUT);
    }

    /** SHA-256 of the decompressed IDX files this instance loads, by file name (for provenance). */
    public Map<String, String> checksums() {
        Map<String, String> checksums = new LinkedHashMap<>();
        files.forEach(f -> checksums.put(f.fileName(), f.sha256()));
        return checksums;
    }

    /** Tests substitute fake commands, a fake installed folder, small files and a short timeout. */
    FashionMnist(Path directory, Consumer<String> log, List<String> aptGet, List<String> dpkgDeb, Path installed,
            IdxFile images, IdxFile labels, Duration timeout) {
        this.directory = directory;
        this.log = log;
        this.aptGet = List.copyOf(aptGet);
        this.dpkgDeb = List.copyOf(dpkgDeb);
        this.installed = installed;
        this.files = List.of(images, labels);
        this.timeout = timeout;
    }

    /**
     * {@code $DIGITNET_FASHION_DIR}, else {@code $XDG_CACHE_HOME/digitnet/fashion-mnist}, else
     * {@code ~/.cache/digitnet/fashion-mnist}: beside MNIST's cache.
     */
    public static Path defaultDirectory() {
        return DataFiles.cacheDirectory(DIR_ENV, "fashion-mnist");
    }

    public Path directory() {
        return directory;
    }

    /**
     * The test set as model inputs (each 28×28 image resized to 32×32 exactly like MNIST's),
     * tagged with its class name. Fetches the files first when the cache lacks them or holds a
     * damaged copy.
     *
     * @throws FashionUnavailableException when the files cannot be obtained; the message says
     *     what was tried
     * @throws DataException when the cache folder cannot be written
     */
    public OodSet load() {
        List<IdxFile> wanted = new ArrayList<>();
        for (IdxFile spec : files) {
            if (!cachedAndValid(spec)) {
                wanted.add(spec);
            }
        }
        if (!wanted.isEmpty()) {
            obtain(wanted);
        }
        return parse();
    }

    /** Whether the cache holds this file whole: exact size (checked first, cheap) and SHA-256. */
    private boolean cachedAndValid(IdxFile spec) {
        Path p = path(spec);
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try {
            long size = Files.size(p);
            if (size != spec.bytes()) {
                log.accept("  " + p + ": " + size + " bytes, expected " + spec.bytes() + "; fetching it again");
                return false;
            }
            String actual = Sha256.of(p);
            if (!actual.equals(spec.sha256())) {
                log.accept("  " + p + ": checksum mismatch; fetching it again");
                return false;
            }
            return true;
        } catch (IOException e) {
            log.accept("  " + p + ": cannot be read (" + e.getMessage() + "); fetching it again");
            return false;
        }
    }

    private void obtain(List<IdxFile> wanted) {
        List<IdxFile> remaining = new ArrayList<>(wanted);
        Map<String, String> tried = new LinkedHashMap<>();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new DataException(directory + ": cannot write the Fashion-MNIST cache (" + e.getMessage() + ")", e);
        }
        if (installed != null && Files.isDirectory(installed)) {
            String source = "the installed package's files in " + installed;
            log.accept("Fashion-MNIST: using " + source + " ...");
            tried.put(source, installFound(remaining, installed, source));
        }
        if (!remaining.isEmpty()) {
            String source = "`" + String.join(" ", aptGet) + " download " + PACKAGE + "`";
            log.accept("Fashion-MNIST: fetching Debian's package " + PACKAGE + " with " + source + " ...");
            tried.put(source, fetchPackage(remaining, source));
        }
        if (!remaining.isEmpty()) {
            StringBuilder why = new StringBuilder();
            tried.forEach((source, outcome) -> why.append(why.length() == 0 ? "" : "; ").append(source).append(": ")
                    .append(outcome));
            throw new FashionUnavailableException("Fashion-MNIST unavailable: could not obtain "
                    + remaining.get(0).fileName() + (remaining.size() > 1 ? " and " + (remaining.size() - 1) + " more" : "")
                    + " (tried " + (tried.isEmpty() ? "nothing" : why) + ")");
        }
    }

    /** Downloads and unpacks the package in a hidden work folder inside the cache, which is removed afterwards. */
    private String fetchPackage(List<IdxFile> remaining, String source) {
        Path work = null;
        try {
            work = Files.createTempDirectory(directory, ".fetch-");
            Path download = Files.createDirectories(work.resolve("download"));
            List<String> get = new ArrayList<>(aptGet);
            get.addAll(List.of("download", PACKAGE));
            ExternalCommand.run(get, download, work, timeout);
            Path deb;
            try (Stream<Path> listed = Files.list(download)) {
                deb = listed.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst().orElse(null);
            }
            if (deb == null) {
                return "it produced no .deb file";
            }
            Path unpacked = Files.createDirectories(work.resolve("unpacked"));
            List<String> extract = new ArrayList<>(dpkgDeb);
            extract.addAll(List.of("-x", deb.toString(), unpacked.toString()));
            ExternalCommand.run(extract, work, work, timeout);
            return installFound(remaining, unpacked, "Debian's package " + PACKAGE);
        } catch (IOException e) {
            return e.getMessage();
        } finally {
            if (work != null) {
                DataFiles.deleteTree(work);
            }
        }
    }

    /**
     * Installs each remaining file found under {@code root} (by name anywhere, gzipped or not, so
     * a re-packaging does not break us); removes the installed ones from {@code remaining}.
     *
     * @return what happened, for the error message if something is still missing
     */
    private String installFound(List<IdxFile> remaining, Path root, String source) {
        Map<IdxFile, Path> found = new LinkedHashMap<>();
        try (Stream<Path> walked = Files.walk(root)) {
            walked.filter(Files::isRegularFile).sorted().forEach(p -> {
                String name = p.getFileName().toString().replaceFirst("\\.gz$", "");
                remaining.stream().filter(s -> s.fileName().equals(name)).forEach(s -> found.putIfAbsent(s, p));
            });
        } catch (IOException e) {
            return "cannot list " + root + " (" + e.getMessage() + ")";
        }
        List<String> problems = new ArrayList<>();
        for (IdxFile spec : List.copyOf(remaining)) {
            Path p = found.get(spec);
            if (p == null) {
                problems.add(spec.fileName() + " not found");
                continue;
            }
            Optional<String> refused = install(spec, p);
            if (refused.isEmpty()) {
                remaining.remove(spec);
                log.accept("  " + spec.fileName() + ": verified, from " + source);
            } else {
                log.accept("  " + spec.fileName() + ": " + refused.get() + ", ignoring this copy");
                problems.add(spec.fileName() + ": " + refused.get());
            }
        }
        return problems.isEmpty() ? "ok" : String.join(", ", problems);
    }

    /**
     * Decompresses (if {@code .gz}) at most the exact size, checks size and SHA-256 of what it
     * wrote, and installs the file atomically ({@link AtomicFiles.Policy#SHARED}: users or runs
     * sharing the cache may fetch at once).
     *
     * @return why the copy was refused, or empty when it was installed
     */
    private Optional<String> install(IdxFile spec, Path source) {
        try {
            AtomicFiles.write(path(spec), AtomicFiles.Policy.SHARED, staged -> {
                MessageDigest digest = Sha256.digest();
                long size;
                try (InputStream raw = Files.newInputStream(source);
                        InputStream in = source.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
                    // A small hostile .gz can expand without end: stop one byte past the real size.
                    size = BoundedCopy.copy(in, new DigestOutputStream(staged, digest), spec.bytes(), "the unpacked file");
                } catch (BoundedCopy.TooLargeException e) {
                    throw new RefusedCopy(e.getMessage() + " (the real one is exactly that size)");
                } catch (IOException e) {
                    // Usually a broken file (bad gzip); the message tells a full disk apart.
                    throw new RefusedCopy("cannot unpack it (" + e.getMessage() + ")");
                }
                if (size != spec.bytes()) {
                    throw new RefusedCopy("unpacks to " + size + " bytes, expected " + spec.bytes());
                }
                String actual = Sha256.hex(digest);
                if (!actual.equals(spec.sha256())) {
                    throw new RefusedCopy("checksum mismatch (expected " + spec.sha256() + ", got " + actual + ")");
                }
            });
            return Optional.empty();
        } catch (RefusedCopy refused) {
            return Optional.of(refused.getMessage());
        } catch (IOException e) {
            // Not the copy's fault: our own folder cannot be written.
            throw new DataException(directory + ": cannot write the Fashion-MNIST cache (" + e.getMessage() + ")", e);
        }
    }

    /** A copy that is not the file: the next source is tried. */
    private static final class RefusedCopy extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedCopy(String message) {
            super(message);
        }
    }

    private OodSet parse() {
        IdxFile imagesSpec = files.get(0);
        IdxFile labelsSpec = files.get(1);
        IdxReader.IdxImages images = IdxReader.readImages(path(imagesSpec));
        byte[] labels = IdxReader.readLabels(path(labelsSpec));
        if (images.count() != imagesSpec.count() || labels.length != labelsSpec.count()) {
            throw new DataException(path(imagesSpec) + ": holds " + images.count() + " images and its labels "
                    + labels.length + ", expected " + imagesSpec.count() + "; delete " + directory + " to fetch it again");
        }
        int in = ModelInput.MNIST_SIZE * ModelInput.MNIST_SIZE;
        int out = OodSet.SIDE * OodSet.SIDE;
        float[] pixels = new float[images.count() * out];
        List<String> items = new ArrayList<>(images.count());
        for (int i = 0; i < images.count(); i++) {
            // The very resize MNIST's test digits get, so only the content differs.
            float[] image32 = ModelInput.to32(Images.toUnitFloats(images.pixels(), i * in, in));
            System.arraycopy(image32, 0, pixels, i * out, out);
            items.add(CLASSES.get(labels[i]));
        }
        boolean train = imagesSpec.fileName().startsWith("train");
        return new OodSet(train ? TRAIN_SET : OodBenchmark.FASHION, "Fashion-MNIST " + (train ? "training" : "test")
                + " set: clothing, shoes and bags (Debian package " + PACKAGE + "), 28×28 resized to 32×32 like MNIST",
                pixels, images.count(), items);
    }

    private Path path(IdxFile spec) {
        return directory.resolve(spec.fileName());
    }
}
