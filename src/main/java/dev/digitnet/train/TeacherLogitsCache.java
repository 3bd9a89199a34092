package dev.digitnet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.digitnet.io.AtomicFiles;
import dev.digitnet.io.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * A teacher's logits on disk, addressed by the exact batch they were computed for.
 *
 * <p>Batches depend only on (seed, epoch, recipe), so students of the same seed distilled from the
 * same teacher see the same augmented batches, and the teacher's forward pass — for a small student
 * most of a distillation step — needs computing once per batch, not once per student. The key is
 * the SHA-256 of the batch's pixels: a hit is the teacher's answer for exactly that input, so a
 * cached run trains bit for bit like an uncached one. Files are little-endian float32 [batch,
 * classes], one per batch, under a folder per teacher (its weights' SHA-256); a file of the wrong
 * size or with a non-finite value is treated as a miss and rewritten.
 */
public final class TeacherLogitsCache {

    private final Path folder;
    private final int classes;
    private long hits;
    private long misses;

    /**
     * @param root the cache root (e.g. {@code ~/.cache/digitnet/teacher-logits})
     * @param teacherSha256 the teacher's weights checksum: one sub-folder per teacher
     * @param classes logits per image
     */
    public TeacherLogitsCache(Path root, String teacherSha256, int classes) {
        if (teacherSha256 == null || !teacherSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a teacher-logits cache needs the teacher's weights checksum");
        }
        this.folder = root.resolve(teacherSha256);
        this.classes = classes;
    }

    /** The teacher's logits for {@code images}: from disk when this exact batch was seen, else computed and stored. */
    public NDArray logits(NDArray images, Supplier<NDArray> teacher) {
        int batch = Math.toIntExact(images.getShape().get(0));
        String key = key(images);
        Path file = folder.resolve(key.substring(0, 2)).resolve(key + ".f32");
        float[] cached = read(file, batch * classes);
        if (cached != null) {
            hits++;
            return images.getManager().create(cached, new Shape(batch, classes));
        }
        misses++;
        NDArray computed = teacher.get();
        write(file, computed.toFloatArray());
        return computed;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    private static String key(NDArray images) {
        MessageDigest sha = Sha256.digest();
        sha.update(images.getShape().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(images.toByteBuffer());
        return Sha256.hex(sha);
    }

    private static float[] read(Path file, int count) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != 4L * count) {
                return null;
            }
            float[] values = new float[count];
            ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    return null;
                }
            }
            return values;
        } catch (IOException e) {
            return null; // a cache that cannot be read is a miss, not an error
        }
    }

    /** Atomically, as a cache entry: concurrent students never read half a file, and a lost entry is only a miss. */
    private static void write(Path file, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        try {
            AtomicFiles.write(file, AtomicFiles.Policy.CACHE, out -> out.write(bytes.array()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the teacher-logits cache in " + file.getParent(), e);
        }
    }
}
