package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.serve.SampleDigit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --format onnx}, and .onnx files given to {@code --model}: good ones answer, bad ones get one line. */
class OnnxCliTest {

    private static void assertOneLineError(CliRun r, String expected) {
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("\tat "), "stack trace printed: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void exportedFilePredictsLikeTheBundledModelOnEitherSideOfTheExport(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("teacher.onnx");
        CliRun export = CliRun.run("export", "--format", "onnx", "--out", onnx.toString());
        assertEquals(0, export.status(), export.err());
        assertTrue(Files.size(onnx) > 2_000_000, "the teacher's 531,888 float weights are in the file");
        Path image = dir.resolve("seven.png");
        Files.write(image, SampleDigit.png());
        CliRun fromFile = CliRun.run("predict", "--json", "--model", onnx.toString(), image.toString());
        CliRun bundled = CliRun.run("predict", "--json", "--engine", "pytorch", image.toString());
        assertEquals(0, fromFile.status(), fromFile.err());
        assertEquals(0, bundled.status(), bundled.err());
        String digit = "\"digit\": 7";
        assertTrue(fromFile.out().contains(digit), fromFile.out());
        assertTrue(bundled.out().contains(digit), bundled.out());
    }

    @Test
    void brokenOnnxFileGivesOneLineAndExitStatus2(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.onnx");
        Files.write(broken, "this is not a protobuf".getBytes(StandardCharsets.UTF_8));
        Path image = dir.resolve("seven.png");
        Files.write(image, SampleDigit.png());
        assertOneLineError(CliRun.run("predict", "--model", broken.toString(), image.toString()), "broken.onnx: not a readable ONNX model");
    }

    @Test
    void truncatedOnnxFileGivesOneLineAndExitStatus2(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole.onnx");
        assertEquals(0, CliRun.run("export", "--out", whole.toString()).status());
        byte[] bytes = Files.readAllBytes(whole);
        Path half = dir.resolve("half.onnx");
        Files.write(half, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLineError(CliRun.run("evaluate", "--model", half.toString(), "--out", dir.toString()), "half.onnx");
    }

    @Test
    void missingOnnxFileGivesOneLineAndExitStatus2(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("seven.png");
        Files.write(image, SampleDigit.png());
        assertOneLineError(CliRun.run("predict", "--model", dir.resolve("missing.onnx").toString(), image.toString()),
                "no such file: " + dir.resolve("missing.onnx"));
    }

    @Test
    void onnxFileOnThePyTorchEngineIsRefusedClearly(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("m.onnx");
        Files.write(onnx, new byte[] {1, 2, 3});
        Path image = dir.resolve("seven.png");
        Files.write(image, SampleDigit.png());
        assertOneLineError(CliRun.run("predict", "--engine", "pytorch", "--model", onnx.toString(), image.toString()),
                "runs on --engine onnxruntime");
    }

    @Test
    void unknownFormatAndEngineAreRefused(@TempDir Path dir) {
        assertEquals(2, CliRun.run("export", "--format", "tflite", "--out", dir.resolve("m.tflite").toString()).status());
        CliRun r = CliRun.run("predict", "--engine", "tensorflow", "x.png");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown engine 'tensorflow': use pytorch or onnxruntime"), r.err());
    }
}
