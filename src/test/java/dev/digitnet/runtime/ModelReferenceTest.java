package dev.digitnet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import dev.digitnet.onnx.OnnxExporter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reading of a model reference: bundled name, model folder or .onnx file, and the refusals. */
class ModelReferenceTest {

    private static final String BUNDLED = String.join(", ", DigitNetModel.bundledNames());

    private static void assertOneLine(Exception e, String... expected) {
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    private static Path savedXs(Path dir) throws Exception {
        Path folder = dir.resolve("xs-model");
        try (DigitNetModel model = DigitNetModel.create(ModelFamily.config("xs"), 3)) {
            model.save(folder);
        }
        return folder;
    }

    @Test
    void noReferenceIsTheBundledTeacher() throws Exception {
        ModelReference teacher = ModelReference.parse(null);
        assertEquals(ModelReference.Kind.BUNDLED, teacher.kind());
        assertEquals(ModelFamily.TEACHER, teacher.name());
        assertEquals("bundled model", teacher.describe());
        assertEquals("bundled:teacher", teacher.provenanceName());
        assertEquals(Optional.empty(), teacher.folder());
        try (DigitNetModel model = teacher.load()) {
            assertEquals(DigitNetModel.bundledNames().get(0), ModelFamily.TEACHER);
            assertTrue(model.parameterCount() > 500_000, "the teacher: " + model.parameterCount());
        }
    }

    @Test
    void aFamilyNameIsTheBundledModelAndItsEngineIsTheOneAskedFor() throws Exception {
        ModelReference xs = ModelReference.parse("xs");
        assertEquals(ModelReference.Kind.BUNDLED, xs.kind());
        assertEquals("bundled model 'xs'", xs.describe());
        assertEquals(InferenceEngine.PYTORCH, xs.defaultEngine(InferenceEngine.PYTORCH));
        try (InferenceModel model = xs.open(RuntimeOptions.of(InferenceEngine.ONNXRUNTIME))) {
            assertEquals(InferenceEngine.ONNXRUNTIME, model.engine());
            assertEquals(ModelFamily.config("xs").parameters(), model.card().get("parameters").getAsLong(), "the bundled xs student's card");
        }
    }

    @Test
    void aFolderLoadsOnEitherEngineAndIsNamedByItsPathInProvenance(@TempDir Path dir) throws Exception {
        Path folder = savedXs(dir);
        ModelReference reference = ModelReference.parse(folder + "/");
        assertEquals(ModelReference.Kind.FOLDER, reference.kind());
        assertEquals(Optional.of(Path.of(folder + "/")), reference.folder());
        assertEquals(folder + "/", reference.describe(), "messages show it as given");
        assertEquals(folder.toString(), reference.provenanceName(), "provenance records the path");
        assertEquals(reference, ModelReference.of(folder));
        for (InferenceEngine engine : InferenceEngine.values()) {
            try (InferenceModel model = reference.open(RuntimeOptions.of(engine))) {
                assertEquals(engine, model.engine());
                assertEquals(((dev.digitnet.model.ConvNetConfig) ModelFamily.config("xs")).widths().toString().replace(" ", ""),
                        model.card().getAsJsonObject("architecture").get("widths").toString());
            }
        }
    }

    @Test
    void anOnnxFileRunsOnOnnxRuntimeAndIsTheDefaultEngineForIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("xs.onnx");
        try (DigitNetModel model = DigitNetModel.loadBundled("xs")) {
            OnnxExporter.write(model, file);
        }
        ModelReference reference = ModelReference.parse(file.toString());
        assertEquals(ModelReference.Kind.ONNX_FILE, reference.kind());
        assertEquals(Optional.of(file), reference.onnxFile());
        assertEquals(InferenceEngine.ONNXRUNTIME, reference.defaultEngine(InferenceEngine.PYTORCH));
        try (InferenceModel model = reference.open(RuntimeOptions.of(InferenceEngine.ONNXRUNTIME))) {
            assertEquals(ModelFamily.config("xs").parameters(), model.card().get("parameters").getAsLong(), "the file carries the card");
        }
        // Any existing plain file is taken for an ONNX file, whatever its name.
        Path renamed = Files.copy(file, dir.resolve("model.bin"));
        assertEquals(ModelReference.Kind.ONNX_FILE, ModelReference.parse(renamed.toString()).kind());
        assertEquals(ModelReference.Kind.ONNX_FILE, ModelReference.of(renamed).kind());
        assertEquals(ModelReference.Kind.ONNX_FILE, ModelReference.parse(dir.resolve("missing.ONNX").toString()).kind());
    }

    @Test
    void anOnnxFileAskedForOnPyTorchIsRefusedInOneLineWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path junk = Files.write(dir.resolve("m.onnx"), new byte[] {1, 2, 3});
        ModelReference reference = ModelReference.parse(junk.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> reference.open(RuntimeOptions.of(InferenceEngine.PYTORCH)));
        assertOneLine(e, "m.onnx is an ONNX file", "onnxruntime", "ONNX Runtime", "model folder or a bundled name");
        assertOneLine(assertThrows(IllegalArgumentException.class, reference::load), "is an ONNX file");
    }

    @Test
    void unknownNamesListTheBundledModels(@TempDir Path dir) {
        // A family name this build does not carry.
        String notBundled = ModelFamily.names().stream().filter(n -> !DigitNetModel.hasBundled(n)).findFirst().orElseThrow();
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> ModelReference.parse(notBundled).load()),
                "no bundled model named '" + notBundled + "'", BUNDLED);
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> ModelReference.bundled("huge").load()),
                "no bundled model named 'huge'", BUNDLED);
        // A bare word that is neither a bundled name nor a folder here.
        ModelReference typo = ModelReference.parse("techer");
        assertEquals(ModelReference.Kind.FOLDER, typo.kind());
        assertOneLine(assertThrows(IllegalArgumentException.class, typo::load),
                "no bundled model named 'techer' and no model folder 'techer' here", BUNDLED);
        // A path names a folder: its absence is said as such.
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> ModelReference.parse(dir.resolve("no-such-model").toString()).load());
        assertTrue(missing.getFile().endsWith("config.json"), missing.getFile());
        assertOneLine(assertThrows(IllegalArgumentException.class, () -> ModelReference.parse(" ")), "no model named", BUNDLED);
    }

    @Test
    void aDeviceThisBuildLacksIsRefusedInOneLineBeforeAnythingIsRead(@TempDir Path dir) {
        ModelReference missing = ModelReference.parse(dir.resolve("not-there").toString());
        for (InferenceEngine engine : InferenceEngine.values()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> missing.open(new RuntimeOptions(engine, Device.GPU, 1)));
            assertOneLine(e, "device gpu", "use device cpu");
            assertFalse(e.getMessage().contains("not-there"), "refused before the folder was looked at: " + e.getMessage());
        }
    }
}
