package dev.digitnet.cli;

import dev.digitnet.model.DigitNetModel;
import dev.digitnet.onnx.OnnxExporter;
import dev.digitnet.runtime.ModelReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code digitnet export --format onnx --out FILE.onnx}: the model as a standard ONNX graph. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the model as an ONNX graph (opset 17, dynamic batch; input 'image' float32 [N,1,32,32] in [0,1], "
                + "output 'logits' [N,10]) for ONNX Runtime in Java, Python, C#, JavaScript or on mobile.")
final class ExportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions modelOptions;

    @Option(names = "--format", description = "output format; only onnx (default: ${DEFAULT-VALUE})")
    String format = "onnx";

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx", description = "the file to write (atomically)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!format.toLowerCase(Locale.ROOT).equals("onnx")) {
            throw new ParameterException(spec.commandLine(), "--format must be onnx, got " + format);
        }
        if (Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out names a folder; give a file such as digitnet.onnx");
        }
        ModelReference reference = modelOptions.reference();
        try (DigitNetModel model = reference.load()) {
            OnnxExporter.write(model, out);
        }
        System.out.printf(Locale.ROOT, "Wrote %s (%s, ONNX opset %d, %,d bytes)%n", out, reference.describe(), OnnxExporter.OPSET, Files.size(out));
        return 0;
    }
}
