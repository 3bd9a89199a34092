package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --format site}: what it refuses, in one line and exit status 2, before fetching anything. */
class SiteCliTest {

    private static void assertOneLineError(CliRun r, String expected) {
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("\tat "), "stack trace printed: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void badSiteExportsGetOneLine(@TempDir Path dir) throws Exception {
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("notes.txt"), "mine");
        assertOneLineError(CliRun.run("export", "--format", "site", "--out", full.toString()), "is a folder that is not empty");
        assertOneLineError(CliRun.run("export", "--format", "site", "--force", "--out", full.toString()), "not replacing it");
        assertTrue(Files.exists(full.resolve("notes.txt")));
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertOneLineError(CliRun.run("export", "--format", "site", "--out", file.toString()), "is a file");
        assertOneLineError(CliRun.run("export", "--format", "site", "--model", "xs", "--out", dir.resolve("s").toString()),
                "--model is for --format onnx");
        assertOneLineError(CliRun.run("export", "--format", "zip", "--out", dir.resolve("s").toString()), "--format must be onnx or site");
        assertOneLineError(CliRun.run("export", "--force", "--out", dir.resolve("m.onnx").toString()), "--force is for --format site");
    }
}
