package dev.digitnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheContentAndLeavesNoTemporary(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("sub").resolve("model.safetensors");
        AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("model.safetensors"), names(target.getParent()));
    }

    @Test
    void aFailingWriterLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("config.json"), "old");
        for (AtomicFiles.Policy policy : AtomicFiles.Policy.values()) {
            IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, policy, out -> {
                out.write("half a fi".getBytes(StandardCharsets.UTF_8));
                throw new IOException("disk full");
            }));
            assertEquals("disk full", e.getMessage());
            assertEquals("old", Files.readString(target), policy.toString());
            assertEquals(List.of("config.json"), names(dir), policy.toString());
        }
    }

    @Test
    void anOwnedWriteClearsItsTargetsStaleTemporariesAndASharedOneLeavesThem(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("latest.json");
        Path ours = Files.writeString(dir.resolve(".latest.json.0f8fad5b-d9cb-469f-a165-70867728950e.tmp"), "{");
        Path older = Files.writeString(dir.resolve(".latest.json4711.tmp"), "{");
        Path other = Files.writeString(dir.resolve(".latest.json.old.0f8fad5b-d9cb-469f-a165-70867728950e.tmp"), "{");
        AtomicFiles.write(target, AtomicFiles.Policy.SHARED, out -> out.write('1'));
        assertTrue(Files.exists(ours) && Files.exists(older), "another writer's temporaries stay");
        AtomicFiles.write(target, AtomicFiles.Policy.OWNED, out -> out.write('2'));
        assertFalse(Files.exists(ours) || Files.exists(older), "stale temporaries of the target are removed");
        assertTrue(Files.exists(other), "a temporary of another target stays");
        assertEquals("2", Files.readString(target));
    }

    @Test
    void anEncoderThatNeedsTheExtensionWritesExactlyTheTemporaryItWasGiven(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("chart.png");
        AtomicFiles.writeFile(target, AtomicFiles.Policy.OWNED, tmp -> {
            assertTrue(tmp.getFileName().toString().endsWith(".png"), tmp.toString());
            assertEquals(dir, tmp.getParent(), "beside the target, so the rename stays on one file system");
            Files.write(tmp, new byte[] {1, 2, 3});
        });
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of("chart.png"), names(dir));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeFile(target, AtomicFiles.Policy.OWNED,
                tmp -> Files.write(dir.resolve("elsewhere.png"), new byte[] {4})));
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target), "the target is untouched");
    }

    @Test
    void filesGetTheDefaultPermissionsNotATemporaryFilesOwnerOnlyOnes(@TempDir Path dir) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Path written = dir.resolve("written");
        AtomicFiles.write(written, new byte[] {1});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        assertTrue(Files.getPosixFilePermissions(plain).contains(PosixFilePermission.OWNER_READ));
    }

    @Test
    void sha256IsTheStandardOneInLowerCaseHex(@TempDir Path dir) throws IOException {
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // FIPS 180-2, "abc"
        assertEquals(abc, Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(abc, Sha256.of(Files.writeString(dir.resolve("abc"), "abc")));
    }
}
