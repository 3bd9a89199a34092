package dev.digitnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/** What every dataset cache does to its files: checksum them, and clear away its work folders. */
public final class DataFiles {

    private DataFiles() {}

    /**
     * A dataset's cache folder: {@code $<env>} when set, else {@code
     * $XDG_CACHE_HOME/digitnet/<name>}, else {@code ~/.cache/digitnet/<name>}.
     */
    public static Path cacheDirectory(String env, String name) {
        String explicit = System.getenv(env);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("digitnet").resolve(name);
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }

    /** SHA-256 of a file, lower-case hex, read as a stream (the files are tens of megabytes). */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
    }

    /**
     * Deletes a work folder and everything in it, as far as it can: leftovers are hidden temporary
     * files that the next fetch does not look at.
     */
    public static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Nothing to do: see above.
        }
    }
}
