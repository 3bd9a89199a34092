package dev.digitnet.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The project's one atomic write: the content goes to a hidden temporary sibling, which is then
 * renamed over the target, so a reader (or a crash) sees the old file or the new one, never half
 * of one. Models, checkpoints, their pointer, data installs, pictures and cache entries all go
 * through here; only the {@link Policy} differs.
 *
 * <p>Temporaries are named {@code .<target name>.<random>.tmp} (a file written by an encoder that
 * insists on an extension keeps the target's after that), made with the default permissions rather
 * than a temporary file's owner-only ones, so a shared data or model folder stays readable by the
 * users it is shared with.
 */
public final class AtomicFiles {

    /** Writes a file's content to a stream; the stream is closed by {@link AtomicFiles}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a file's content at a path, for encoders that take only a file name (XChart's
     * bitmap encoder, say). The file does not exist yet; the encoder creates it.
     */
    @FunctionalInterface
    public interface FileContent {
        void writeTo(Path file) throws IOException;
    }

    /** Who else may write the target, and whether a power cut may lose the new content. */
    public enum Policy {
        /**
         * One writer at a time (a model folder, a run's checkpoints, a report's pictures): the data is
         * forced to disk before the rename and the folder after it, since without that a power cut
         * soon after can leave the new name pointing at an empty or partial file; temporaries of this
         * target left by a killed earlier write are removed first.
         */
        OWNED(true, true),
        /**
         * Several processes may write the target at once (a data cache shared by users or runs):
         * forced to disk like {@link #OWNED}, but another writer's temporary is left alone, since it
         * is not stale to that writer.
         */
        SHARED(true, false),
        /**
         * A cache entry several processes may write at once, where an entry lost to a power cut is
         * only a miss: renamed into place without forcing anything to disk, which would cost one
         * sync per entry.
         */
        CACHE(false, false);

        private final boolean durable;
        private final boolean clearsStale;

        Policy(boolean durable, boolean clearsStale) {
            this.durable = durable;
            this.clearsStale = clearsStale;
        }
    }

    private static final Pattern TEMPORARY = Pattern.compile("\\.[0-9a-f-]{36}\\.tmp(\\.[^.]+)?");
    private static final Pattern LEGACY_TEMPORARY = Pattern.compile("\\d+\\.tmp");

    private AtomicFiles() {}

    /** Writes the bytes with {@link Policy#OWNED}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, Policy.OWNED, out -> out.write(bytes));
    }

    /** Writes the content with {@link Policy#OWNED}. */
    public static void write(Path target, Content content) throws IOException {
        write(target, Policy.OWNED, content);
    }

    /**
     * Writes the content to a temporary sibling and renames it over {@code target} (creating the
     * folder if needed). When {@code content} throws, the target is left as it was and the
     * temporary is removed.
     */
    public static void write(Path target, Policy policy, Content content) throws IOException {
        Path tmp = prepare(target, policy, "");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                BufferedOutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
                    @Override
                    public void close() throws IOException {
                        flush(); // the channel stays open for the force below
                    }
                };
                content.writeTo(out);
                out.flush();
                if (policy.durable) {
                    channel.force(true);
                }
            }
            commit(tmp, target, policy);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Like {@link #write(Path, Policy, Content)} for an encoder that writes to a file name itself;
     * the temporary's name ends with the target's extension, so an encoder that appends its own
     * when missing ({@code .png}) writes exactly the file it was given.
     */
    public static void writeFile(Path target, Policy policy, FileContent content) throws IOException {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path tmp = prepare(target, policy, dot > 0 ? name.substring(dot) : "");
        try {
            content.writeTo(tmp);
            if (!Files.isRegularFile(tmp)) {
                throw new IOException("nothing was written to " + tmp + " for " + target);
            }
            if (policy.durable) {
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            commit(tmp, target, policy);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates the folder, clears stale temporaries if the policy says so, and names a fresh temporary. */
    private static Path prepare(Path target, Policy policy, String extension) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        if (policy.clearsStale) {
            try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, p -> isTemporary(p, name))) {
                for (Path p : stale) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return dir.resolve("." + name + "." + UUID.randomUUID() + ".tmp" + extension);
    }

    /**
     * Whether {@code p} is a temporary of the target named {@code name}: ours, or one named the way
     * {@code Files.createTempFile} names them ({@code .model.safetensors1234.tmp}), which killed
     * writes of earlier builds may have left.
     */
    private static boolean isTemporary(Path p, String name) {
        String n = p.getFileName().toString();
        if (!n.startsWith("." + name)) {
            return false;
        }
        String rest = n.substring(name.length() + 1);
        return TEMPORARY.matcher(rest).matches() || LEGACY_TEMPORARY.matcher(rest).matches();
    }

    private static void commit(Path tmp, Path target, Policy policy) throws IOException {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (policy.durable) {
            forceFolder(target.toAbsolutePath().getParent());
        }
    }

    /** Forces a folder's entries (the rename) to disk; a no-op where folders cannot be opened (Windows). */
    private static void forceFolder(Path dir) throws IOException {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // not supported here: the rename is still atomic, only its durability is the OS's
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
