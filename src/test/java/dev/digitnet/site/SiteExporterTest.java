package dev.digitnet.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site writer without a browser: its default model, its refusals, and ONNX Runtime Web's checks. */
class SiteExporterTest {

    static JsonObject card(long parameters, double clean, double augmented) {
        JsonObject card = new JsonObject();
        card.addProperty("parameters", parameters);
        JsonObject evaluation = new JsonObject();
        evaluation.addProperty("clean_top1", clean);
        evaluation.addProperty("augmented_top1", augmented);
        card.add("evaluation", evaluation);
        return card;
    }

    /** Cards at each student's budget, moved by {@code clean} and {@code augmented}. */
    static Map<String, JsonObject> family(double xsClean, double smAugmented) {
        Map<String, JsonObject> cards = new LinkedHashMap<>();
        cards.put("teacher", card(531_888, 0.9958, 0.9925));
        for (String name : List.of("xs", "sm", "md")) {
            ModelFamily.Budget b = ModelFamily.budget(name).orElseThrow();
            double clean = b.cleanTop1() + (name.equals("xs") ? xsClean : 0);
            double augmented = b.augmentedTop1() + (name.equals("sm") ? smAugmented : 0);
            cards.put(name, card(b.maxParameters() - 1, clean, augmented));
        }
        return cards;
    }

    @Test
    void theDefaultIsTheSmallestModelThatMeetsItsAccuracyTargets() {
        assertEquals("xs", SiteExporter.defaultModel(family(0, 0)), "every student at its targets: the smallest");
        assertEquals("sm", SiteExporter.defaultModel(family(-0.0007, 0)), "xs 0.07 pt short of its clean target");
        assertEquals("md", SiteExporter.defaultModel(family(-0.0007, -0.0001)), "sm short of its augmented target");
        Map<String, JsonObject> over = family(0, 0);
        over.put("xs", card(ModelFamily.budget("xs").orElseThrow().maxParameters() + 1, 0.999, 0.999));
        assertEquals("sm", SiteExporter.defaultModel(over), "xs over its parameter budget");
        Map<String, JsonObject> none = family(-0.01, -0.01);
        none.get("md").getAsJsonObject("evaluation").addProperty("clean_top1", 0.9);
        assertEquals("teacher", SiteExporter.defaultModel(none), "no student meets its targets");
        Map<String, JsonObject> unevaluated = new LinkedHashMap<>();
        unevaluated.put("teacher", new JsonObject());
        unevaluated.put("sm", new JsonObject());
        assertEquals("teacher", SiteExporter.defaultModel(unevaluated), "no figures, no claim");
    }

    /** The bundled family as it is: the default meets its budget, and every smaller student misses one. */
    @Test
    void theBundledDefaultMeetsItsBudgetAndNoSmallerStudentDoes() throws IOException {
        Map<String, JsonObject> cards = new LinkedHashMap<>();
        for (String name : DigitNetModel.bundledNames()) {
            try (InputStream in = DigitNetModel.class.getResourceAsStream(DigitNetModel.BUNDLED_RESOURCE + name + "/config.json")) {
                cards.put(name, JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject());
            }
        }
        Assumptions.assumeTrue(cards.size() > 1, "this build bundles no students");
        String chosen = SiteExporter.defaultModel(cards);
        long chosenParameters = cards.get(chosen).get("parameters").getAsLong();
        for (Map.Entry<String, JsonObject> e : cards.entrySet()) {
            ModelFamily.Budget budget = ModelFamily.budget(e.getKey()).orElse(null);
            if (budget == null) {
                continue;
            }
            JsonObject ev = e.getValue().getAsJsonObject("evaluation");
            boolean meets = ev.get("clean_top1").getAsDouble() >= budget.cleanTop1()
                    && ev.get("augmented_top1").getAsDouble() >= budget.augmentedTop1()
                    && e.getValue().get("parameters").getAsLong() <= budget.maxParameters();
            if (e.getKey().equals(chosen)) {
                assertTrue(meets, chosen + " is the default but misses its budget");
            } else if (e.getValue().get("parameters").getAsLong() < chosenParameters) {
                assertFalse(meets, e.getKey() + " is smaller than " + chosen + " and meets its budget");
            }
        }
    }

    @Test
    void aDestinationThatIsAFileOrSomeoneElsesFolderIsRefusedInOneLine(@TempDir Path dir) throws IOException {
        OnnxRuntimeWeb never = new OnnxRuntimeWeb(List.of(dir.resolve("no-npm").toString()), Duration.ofSeconds(5), dir.resolve("cache"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiteExporter.write(file, false, List.of("xs"), never, s -> { }));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());

        Path notEmpty = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(notEmpty.resolve("holiday.jpg"), "not a site");
        e = assertThrows(IllegalArgumentException.class, () -> SiteExporter.write(notEmpty, false, List.of("xs"), never, s -> { }));
        assertTrue(e.getMessage().contains("not empty") && e.getMessage().contains("--force"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SiteExporter.write(notEmpty, true, List.of("xs"), never, s -> { }));
        assertTrue(e.getMessage().contains("not replacing it, even with --force"), e.getMessage());
        assertTrue(Files.exists(notEmpty.resolve("holiday.jpg")), "left alone");
        for (String message : List.of(e.getMessage())) {
            assertEquals(1, message.lines().count(), message);
        }
    }

    @Test
    void withoutNpmTheExportFailsInOneLineAndWritesNothing(@TempDir Path dir) {
        OnnxRuntimeWeb noNpm = new OnnxRuntimeWeb(List.of(dir.resolve("no-such-npm").toString()), Duration.ofSeconds(5),
                dir.resolve("cache"));
        Path out = dir.resolve("site");
        IOException e = assertThrows(IOException.class, () -> SiteExporter.write(out, false, List.of("xs"), noNpm, s -> { }));
        assertTrue(e.getMessage().contains(OnnxRuntimeWeb.PACKAGE) && e.getMessage().contains("npm"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    /** A package whose files are not the recorded ones (a fake npm that packs other bytes) is refused, and not cached. */
    @Test
    void filesThatDoNotMatchTheRecordedSumsAreRefused(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh for a fake npm");
        Path npm = dir.resolve("npm");
        Files.writeString(npm, String.join("\n",
                "#!/bin/sh",
                "# npm pack PACKAGE --pack-destination DIR --silent",
                "work=$(mktemp -d)",
                "mkdir -p \"$work/package/dist\"",
                "for f in ort.wasm.min.js ort-wasm-simd-threaded.mjs ort-wasm-simd-threaded.wasm; do",
                "  echo 'not onnxruntime-web' > \"$work/package/dist/$f\"",
                "done",
                "tar -czf \"$4/onnxruntime-web-1.30.0.tgz\" -C \"$work\" package",
                "rm -rf \"$work\"",
                ""));
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cache = dir.resolve("cache");
        OnnxRuntimeWeb fake = new OnnxRuntimeWeb(List.of(npm.toString()), Duration.ofSeconds(30), cache);
        IOException e = assertThrows(IOException.class, () -> fake.files(s -> { }));
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains("not used"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        try (Stream<Path> left = Files.list(cache)) {
            assertEquals(List.of(), left.toList(), "nothing unverified is kept");
        }
    }

    /** A real export (one small model, to keep it quick): every file listed with its sum, and --force replaces it. */
    @Test
    void anExportListsEveryFileWithItsSumAndForceReplacesIt(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(DigitNetModel.hasBundled("xs"), "this build has no bundled xs");
        OnnxRuntimeWeb runtime = new OnnxRuntimeWeb();
        Path out = dir.resolve("site");
        SiteExporter.Result r;
        try {
            r = SiteExporter.write(out, false, List.of("xs"), runtime, System.out::println);
        } catch (IOException e) {
            Assumptions.abort("ONNX Runtime Web could not be had: " + e.getMessage());
            return;
        }
        assertEquals("xs", r.defaultModel());
        List<String> sums = Files.readAllLines(out.resolve("SHA256SUMS"));
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertEquals(r.files(), all.size());
            assertEquals(all.size() - 1, sums.size(), "every file but the list itself");
        }
        for (String line : sums) {
            String[] parts = line.split("  ", 2);
            assertEquals(parts[0], dev.digitnet.io.Sha256.of(out.resolve(parts[1])), line);
        }
        for (String needed : List.of("index.html", "app.js", "browser.js", "models.json", "models/xs.onnx", "README.txt",
                "ort/LICENSE.txt", "ort/ort.wasm.min.js", "ort/ort-wasm-simd-threaded.js", "ort/ort-wasm-simd-threaded.wasm")) {
            assertTrue(Files.isRegularFile(out.resolve(needed)), needed);
        }
        // The page is the served page, byte for byte.
        for (String page : SiteExporter.PAGE_FILES) {
            try (InputStream in = SiteExporter.class.getResourceAsStream(SiteExporter.PAGE_RESOURCES + page)) {
                assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), Files.readString(out.resolve(page)), page);
            }
        }
        JsonObject models = JsonParser.parseString(Files.readString(out.resolve("models.json"))).getAsJsonObject();
        assertEquals("browser", models.get("backend").getAsString());
        JsonObject xs = models.getAsJsonArray("models").get(0).getAsJsonObject();
        assertTrue(xs.getAsJsonObject("calibration").has("temperature"), xs.toString());
        assertEquals(18_482, xs.get("parameters").getAsInt());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiteExporter.write(out, false, List.of("xs"), runtime, s -> { }));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        Files.writeString(out.resolve("stale.txt"), "from before");
        SiteExporter.write(out, true, List.of("xs"), runtime, s -> { });
        assertFalse(Files.exists(out.resolve("stale.txt")), "the earlier export is replaced whole");
        try (Stream<Path> siblings = Files.list(dir)) {
            assertEquals(List.of(out), siblings.toList(), "no temporary folder left beside it");
        }
    }
}
