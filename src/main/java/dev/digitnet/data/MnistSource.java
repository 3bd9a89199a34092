package dev.digitnet.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Somewhere MNIST files can come from. Sources are tried in order until every file verifies. */
public interface MnistSource {

    /** A short description for logs, e.g. the mirror's address. */
    String describe();

    /**
     * Fetches what it can of the wanted files into {@code workDir} (raw or gzipped IDX).
     *
     * @return the files it got; missing entries are fine, the next source is asked for them
     * @throws IOException when the source cannot be reached at all
     */
    Map<IdxFile, Path> fetch(Set<IdxFile> wanted, Path workDir, Consumer<String> log) throws IOException;
}
