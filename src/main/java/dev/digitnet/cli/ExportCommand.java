package dev.digitnet.cli;

import dev.digitnet.model.DigitNetModel;
import dev.digitnet.onnx.OnnxExporter;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.site.OnnxRuntimeWeb;
import dev.digitnet.site.SiteExporter;
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

/**
 * {@code digitnet export --format onnx --out FILE.onnx}: the model as a standard ONNX graph;
 * {@code --format site --out DIR}: the draw-a-digit page as a static folder that answers in the
 * browser.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the model as an ONNX graph (opset 17, dynamic batch; input 'image' float32 [N,1,32,32] in [0,1], "
                + "output 'logits' [N,10]) for ONNX Runtime in Java, Python, C#, JavaScript or on mobile.",
                "With --format site: write the draw-a-digit page, ONNX Runtime Web (npm package " + OnnxRuntimeWeb.PACKAGE
                        + ", fetched with npm and checked against recorded SHA-256 sums) and every bundled model as a "
                        + "static folder that answers in the browser, with no server."})
final class ExportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions modelOptions;

    @Option(names = "--format", description = "onnx (one model as a .onnx file) or site (a static web site with every "
            + "bundled model); default: ${DEFAULT-VALUE}")
    String format = "onnx";

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx|DIR",
            description = "the file (onnx) or folder (site) to write; written atomically")
    Path out;

    @Option(names = "--force", description = "site: replace the folder when it holds an earlier export")
    boolean force;

    @Override
    public Integer call() throws Exception {
        String kind = format.toLowerCase(Locale.ROOT);
        if (kind.equals("site")) {
            return site();
        }
        if (!kind.equals("onnx")) {
            throw new IllegalArgumentException("--format must be onnx or site, got " + format);
        }
        if (force) {
            throw new IllegalArgumentException("--force is for --format site (a .onnx file is always replaced)");
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

    private int site() throws Exception {
        if (modelOptions.model != null) {
            throw new IllegalArgumentException("--model is for --format onnx; a site carries every bundled model");
        }
        SiteExporter.Result r = SiteExporter.write(out, force, new OnnxRuntimeWeb(), System.out::println);
        System.out.printf(Locale.ROOT, "Wrote %s: %d files, %s (%,d bytes); models %s, the page opens with %s. "
                + "Serve it with any static server, e.g. python3 -m http.server --directory %s%n",
                out, r.files(), SiteExporter.megabytes(r.bytes()), r.bytes(), String.join(", ", r.models()), r.defaultModel(), out);
        return 0;
    }
}
