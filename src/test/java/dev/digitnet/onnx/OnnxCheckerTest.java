package dev.digitnet.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.digitnet.model.DigitNetModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported file passes ONNX's own checker, {@code onnx.checker.check_model} with its full
 * (shape-inferring) check, from the Python {@code onnx} package (Debian's {@code python3-onnx},
 * installed by scripts/test-prerequisites.sh). Skipped, with the reason, where no Python has it.
 */
class OnnxCheckerTest {

    private static final String CHECK = String.join("\n",
            "import sys, onnx",
            "m = onnx.load(sys.argv[1])",
            "onnx.checker.check_model(m, full_check=True)",
            "i = m.graph.input[0].type.tensor_type.shape.dim",
            "o = m.graph.output[0].type.tensor_type.shape.dim",
            "print('checked', m.ir_version, m.opset_import[0].version, m.graph.input[0].name,",
            "      [d.dim_param or d.dim_value for d in i], m.graph.output[0].name, [d.dim_param or d.dim_value for d in o])");

    static List<String> bundled() {
        return DigitNetModel.bundledNames();
    }

    @ParameterizedTest
    @MethodSource("bundled")
    void exportedFilePassesOnnxsChecker(String name, @TempDir Path dir) throws Exception {
        String python = pythonWithOnnx();
        assumeTrue(python != null, "no python3 with the onnx package (Debian: apt-get install python3-onnx)");
        Path file = dir.resolve(name + ".onnx");
        try (DigitNetModel model = DigitNetModel.loadBundled(name)) {
            OnnxExporter.write(model, file);
        }
        Result r = run(python, "-c", CHECK, file.toString());
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("checked 8 17 image ['N', 1, 32, 32] logits ['N', 10]"), r.output());
    }

    /** The first of {@code python3} on the PATH and Debian's own that can import onnx, or null. */
    private static String pythonWithOnnx() throws Exception {
        for (String python : new String[] {"python3", "/usr/bin/python3"}) {
            try {
                if (run(python, "-c", "import onnx").status() == 0) {
                    return python;
                }
            } catch (IOException notThere) {
                // try the next
            }
        }
        return null;
    }

    private record Result(int status, String output) {}

    private static Result run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        return new Result(p.exitValue(), out);
    }
}
