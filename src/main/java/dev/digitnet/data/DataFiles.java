package dev.digitnet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What every dataset cache does with its folders: find them, and clear away its work folders. */
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
