package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.runtime.Device;
import dev.digitnet.runtime.InferenceEngine;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.runtime.RuntimeOptions;
import dev.digitnet.runtime.Workload;
import dev.digitnet.serve.SampleDigit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Each command's engine: its workload's default (which its help states), the one asked for, or ONNX Runtime for a .onnx file. */
class EngineOptionsTest {

    private static final Map<Workload, Callable<Object>> COMMANDS = Map.of(
            Workload.SINGLE_IMAGES, PredictCommand::new,
            Workload.TEST_SET, EvaluateCommand::new,
            Workload.SERVING, ServeCommand::new,
            Workload.BENCHMARK, BenchCommand::new);

    private static EngineOptions parse(Object command, String... args) {
        new CommandLine(command).parseArgs(args);
        if (command instanceof PredictCommand c) {
            return c.engineOptions;
        } else if (command instanceof EvaluateCommand c) {
            return c.engineOptions;
        } else if (command instanceof ServeCommand c) {
            return c.engineOptions;
        } else if (command instanceof BenchCommand c) {
            return c.engineOptions;
        }
        throw new IllegalArgumentException(command.toString());
    }

    private static String[] withImage(Object command, String... args) {
        if (!(command instanceof PredictCommand)) {
            return args;
        }
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = "seven.png";
        return all;
    }

    @Test
    void eachCommandRunsOnItsWorkloadsDefaultUnlessAskedAndSaysSoInItsHelp() throws Exception {
        ModelReference teacher = ModelReference.defaultModel();
        ModelReference onnx = ModelReference.parse("exported.onnx");
        for (var entry : COMMANDS.entrySet()) {
            InferenceEngine expected = entry.getKey().defaultEngine();
            Object command = entry.getValue().call();
            EngineOptions plain = parse(command, withImage(command));
            assertEquals(new RuntimeOptions(expected, Device.CPU, 2), plain.runtime(teacher, 2), command.toString());
            assertEquals(InferenceEngine.ONNXRUNTIME, plain.runtime(onnx, 1).engine(), "a .onnx file runs on ONNX Runtime");
            for (InferenceEngine asked : InferenceEngine.values()) {
                EngineOptions given = parse(entry.getValue().call(), withImage(command, "--engine", asked.id(), "--device", "gpu"));
                assertEquals(new RuntimeOptions(asked, Device.GPU, 1), given.runtime(teacher, 1));
                assertEquals(asked, given.runtime(onnx, 1).engine(), "asked for, even for a file (then refused by the runtime)");
            }
            String help = new CommandLine(entry.getValue().call()).getUsageMessage().replaceAll("\\s+", " ");
            assertTrue(help.contains("default: " + expected.id() + ", the faster one measured for this command"),
                    command + ": " + help);
        }
    }

    @Test
    void aGpuInThisBuildIsOneLineAndExitStatus2(@TempDir Path dir) throws Exception {
        Path image = Files.write(dir.resolve("seven.png"), SampleDigit.png());
        CliRun r = CliRun.run("predict", "--device", "gpu", "--model", "xs", image.toString());
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("device gpu"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        CliRun bad = CliRun.run("predict", "--device", "tpu", "x.png");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("unknown device 'tpu': use cpu or gpu"), bad.err());
    }
}
