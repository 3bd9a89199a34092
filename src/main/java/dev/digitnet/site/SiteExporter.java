package dev.digitnet.site;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.io.AtomicFiles;
import dev.digitnet.io.Sha256;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ModelFamily;
import dev.digitnet.onnx.OnnxExporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes the draw-a-digit page as a self-contained static folder that answers in the browser:
 * the page's own files (the very ones {@code digitnet serve} serves, plus {@code browser.js}),
 * ONNX Runtime Web ({@link OnnxRuntimeWeb}), every model as {@code models/NAME.onnx}, and {@code
 * models.json}, whose presence tells the page to answer in the browser. Nothing in the folder
 * refers to anything outside it.
 *
 * <p>The folder is built beside its destination and renamed into place, each file written with
 * {@link AtomicFiles}: an export that fails leaves the destination as it was.
 */
public final class SiteExporter {

    /** The file that marks a folder as an exported site and lists its models. */
    public static final String MODELS_JSON = "models.json";
    /** What {@code models.json} says answers the page. */
    public static final String BACKEND = "browser";
    static final String PAGE_RESOURCES = "/dev/digitnet/serve/";
    /** The page: the served files, then the browser backend app.js loads from an exported folder. */
    static final List<String> PAGE_FILES = List.of("index.html", "app.js", "app.css", "favicon.svg", "browser.js");
    static final String LICENCE_RESOURCE = "/dev/digitnet/site/onnxruntime-web-LICENSE.txt";
    static final String LICENCE_FILE = "ort/LICENSE.txt";
    static final String SUMS_FILE = "SHA256SUMS";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /**
     * What was written.
     *
     * @param folder the site
     * @param defaultModel the model the page opens with
     * @param models the models, in the page's order
     * @param files how many files
     * @param bytes their total size
     */
    public record Result(Path folder, String defaultModel, List<String> models, int files, long bytes) {}

    private SiteExporter() {}

    /**
     * Exports the bundled models ({@link DigitNetModel#bundledNames()}) as a site in {@code out}.
     *
     * @param force replace {@code out} when it is an earlier export (never another non-empty folder)
     * @throws IllegalArgumentException in one line when {@code out} cannot be written to as asked
     * @throws IOException in one line when ONNX Runtime Web cannot be had (npm missing or failing,
     *     a file not matching its recorded SHA-256) or a file cannot be written
     */
    public static Result write(Path out, boolean force, OnnxRuntimeWeb runtime, Consumer<String> log) throws IOException {
        return write(out, force, DigitNetModel.bundledNames(), runtime, log);
    }

    /** {@link #write(Path, boolean, OnnxRuntimeWeb, Consumer)} for the named bundled models. */
    public static Result write(Path out, boolean force, List<String> modelNames, OnnxRuntimeWeb runtime,
            Consumer<String> log) throws IOException {
        if (modelNames.isEmpty()) {
            throw new IllegalArgumentException("this build has no bundled model to export");
        }
        Path target = out.toAbsolutePath().normalize();
        checkDestination(target, force);
        // Everything that can fail for want of something outside (npm, the models) fails here,
        // before a file is written.
        Map<OnnxRuntimeWeb.PackageFile, Path> ort = runtime.files(log);
        Map<String, byte[]> onnx = new LinkedHashMap<>();
        Map<String, JsonObject> cards = new LinkedHashMap<>();
        for (String name : modelNames) {
            log.accept("Exporting the model " + name + " to ONNX");
            try (DigitNetModel model = DigitNetModel.loadBundled(name)) {
                onnx.put(name, OnnxExporter.export(model).toByteArray());
                cards.put(name, model.card());
            }
        }
        String defaultModel = defaultModel(cards);

        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path building = parent.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.createDirectory(building);
        try {
            Map<String, String> sums = new TreeMap<>();
            for (String file : PAGE_FILES) {
                put(building, file, resource(PAGE_RESOURCES + file), sums);
            }
            for (Map.Entry<OnnxRuntimeWeb.PackageFile, Path> e : ort.entrySet()) {
                Path source = e.getValue();
                AtomicFiles.write(building.resolve(e.getKey().sitePath()), o -> Files.copy(source, o));
                sums.put(e.getKey().sitePath(), e.getKey().sha256());
            }
            put(building, LICENCE_FILE, resource(LICENCE_RESOURCE), sums);
            JsonArray models = new JsonArray();
            for (String name : modelNames) {
                String file = "models/" + name + ".onnx";
                byte[] bytes = onnx.get(name);
                put(building, file, bytes, sums);
                models.add(modelEntry(name, file, bytes, cards.get(name)));
            }
            put(building, MODELS_JSON, (GSON.toJson(modelsJson(defaultModel, models)) + "\n").getBytes(StandardCharsets.UTF_8), sums);
            put(building, "README.txt", readme(defaultModel, modelNames).getBytes(StandardCharsets.UTF_8), sums);
            StringBuilder list = new StringBuilder();
            sums.forEach((file, sha) -> list.append(sha).append("  ").append(file).append('\n'));
            AtomicFiles.write(building.resolve(SUMS_FILE), list.toString().getBytes(StandardCharsets.UTF_8));

            long bytes = 0;
            int files = 0;
            try (Stream<Path> all = Files.walk(building)) {
                for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                    bytes += Files.size(p);
                    files++;
                }
            }
            install(building, target);
            return new Result(target, defaultModel, List.copyOf(modelNames), files, bytes);
        } finally {
            if (Files.exists(building)) {
                deleteTree(building);
            }
        }
    }

    /**
     * The model the page opens with: the smallest student that meets its budget's accuracy targets
     * ({@link ModelFamily#budget}: clean and augmented top-1, within its parameters) by the figures
     * in its card, else the teacher, else the first.
     */
    public static String defaultModel(Map<String, JsonObject> cards) {
        String best = null;
        long bestParameters = Long.MAX_VALUE;
        for (Map.Entry<String, JsonObject> e : cards.entrySet()) {
            Optional<ModelFamily.Budget> budget = ModelFamily.budget(e.getKey());
            JsonObject card = e.getValue();
            JsonObject evaluation = card.has("evaluation") && card.get("evaluation").isJsonObject()
                    ? card.getAsJsonObject("evaluation") : new JsonObject();
            double clean = number(evaluation, "clean_top1");
            double augmented = number(evaluation, "augmented_top1");
            double parameters = number(card, "parameters");
            if (budget.isPresent() && parameters <= budget.get().maxParameters()
                    && clean >= budget.get().cleanTop1() && augmented >= budget.get().augmentedTop1()
                    && parameters < bestParameters) {
                best = e.getKey();
                bestParameters = (long) parameters;
            }
        }
        if (best != null) {
            return best;
        }
        return cards.containsKey(ModelFamily.TEACHER) ? ModelFamily.TEACHER : cards.keySet().iterator().next();
    }

    private static double number(JsonObject o, String key) {
        JsonElement v = o.get(key);
        return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? v.getAsDouble() : Double.NaN;
    }

    /** What the page reads for a model: what GET /api/models gives, the calibration, and the card GET /api/model gives. */
    private static JsonObject modelEntry(String name, String file, byte[] bytes, JsonObject card) {
        JsonObject m = new JsonObject();
        m.addProperty("name", name);
        m.addProperty("file", file);
        m.addProperty("bytes", bytes.length);
        m.addProperty("sha256", Sha256.of(bytes));
        copy(card, "parameters", m);
        if (card.has("evaluation") && card.get("evaluation").isJsonObject()) {
            copy(card.getAsJsonObject("evaluation"), "clean_top1", m);
            copy(card.getAsJsonObject("evaluation"), "augmented_top1", m);
        }
        if (card.has("calibration")) {
            m.add("calibration", card.get("calibration").deepCopy());
        }
        JsonObject shown = card.deepCopy();
        shown.addProperty("name", card.has("name") ? card.get("name").getAsString() : name);
        m.add("card", shown);
        return m;
    }

    private static void copy(JsonObject from, String key, JsonObject to) {
        JsonElement v = from.get(key);
        if (v != null && v.isJsonPrimitive()) {
            to.add(key, v);
        }
    }

    private static JsonObject modelsJson(String defaultModel, JsonArray models) {
        JsonObject site = new JsonObject();
        site.addProperty("backend", BACKEND);
        site.addProperty("default", defaultModel);
        JsonObject page = new JsonObject();
        page.addProperty("script", "browser.js");
        site.add("page", page);
        JsonObject runtime = new JsonObject();
        runtime.addProperty("package", OnnxRuntimeWeb.NAME);
        runtime.addProperty("version", OnnxRuntimeWeb.VERSION);
        for (OnnxRuntimeWeb.PackageFile f : OnnxRuntimeWeb.FILES) {
            String role = f.sitePath().endsWith(".wasm") ? "wasm" : f.sitePath().endsWith("ort.wasm.min.js") ? "script" : "module";
            runtime.addProperty(role, f.sitePath());
        }
        runtime.addProperty("licence", LICENCE_FILE);
        site.add("runtime", runtime);
        site.add("models", models);
        return site;
    }

    private static String readme(String defaultModel, List<String> models) {
        return String.join("\n",
                "DigitNet: draw a digit, read in your browser",
                "",
                "This folder is a static web site, written by `digitnet export --format site`. Open it through",
                "any static web server and draw a digit: ONNX Runtime Web reads it in the page, on the",
                "WebAssembly backend with one thread. No server-side code, no special headers, and nothing",
                "is fetched from outside this folder; once the page has loaded, it answers offline.",
                "",
                "Host it:",
                "  python3 -m http.server 8000 --directory .     then open http://127.0.0.1:8000/",
                "  or copy the folder to any static host (GitHub Pages, nginx, an intranet share), in the",
                "  site's root or in a sub-folder. Opening index.html from the disk (file://) does not work:",
                "  browsers do not let a page load WebAssembly modules from files.",
                "",
                "What is here:",
                "  index.html, app.js, app.css, favicon.svg   the page, the same files `digitnet serve` serves",
                "  browser.js      preprocessing (the Java code's arithmetic), the not-a-digit verdict, inference",
                "  models.json     the models: name, parameters, test top-1, calibration, model card",
                "  models/*.onnx   the models (" + String.join(", ", models) + "); the page opens with " + defaultModel,
                "  ort/            onnxruntime-web " + OnnxRuntimeWeb.VERSION + " (MIT, see ort/LICENSE.txt); the package's",
                "                  ort-wasm-simd-threaded.mjs is named .js here so that every server sends it",
                "                  as JavaScript",
                "  SHA256SUMS      every file's SHA-256 (`sha256sum -c SHA256SUMS`)",
                "");
    }

    private static void put(Path root, String file, byte[] bytes, Map<String, String> sums) throws IOException {
        AtomicFiles.write(root.resolve(file), bytes);
        sums.put(file, Sha256.of(bytes));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SiteExporter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new NoSuchFileException(name, null, "not in this build");
            }
            return in.readAllBytes();
        }
    }

    /** Refuses a destination that is a file, or a non-empty folder that is not (with force) an earlier export. */
    private static void checkDestination(Path target, boolean force) throws IOException {
        if (target.getParent() == null) {
            throw new IllegalArgumentException("cannot write a site over the file system's root");
        }
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException(target + " is a file; give a folder for the site");
        }
        boolean empty;
        try (Stream<Path> entries = Files.list(target)) {
            empty = entries.findAny().isEmpty();
        }
        if (empty) {
            return;
        }
        if (!force) {
            throw new IllegalArgumentException(target + " is a folder that is not empty; give a new or empty one, "
                    + "or --force to replace an earlier export");
        }
        if (!isSite(target)) {
            throw new IllegalArgumentException(target + " is not empty and holds no exported site (no " + MODELS_JSON
                    + " of one); not replacing it, even with --force");
        }
    }

    /** Whether a folder holds an earlier export: a models.json that says the page answers in the browser. */
    static boolean isSite(Path folder) {
        Path models = folder.resolve(MODELS_JSON);
        try {
            if (!Files.isRegularFile(models) || Files.size(models) > (1 << 20)) {
                return false;
            }
            JsonElement json = JsonParser.parseString(Files.readString(models, StandardCharsets.UTF_8));
            return json.isJsonObject() && json.getAsJsonObject().has("backend")
                    && BACKEND.equals(json.getAsJsonObject().get("backend").getAsString());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Renames the built folder into place; an earlier export there is moved aside first, then removed. */
    private static void install(Path building, Path target) throws IOException {
        Path aside = null;
        if (Files.exists(target)) {
            aside = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".old");
            move(target, aside);
        }
        try {
            move(building, target);
        } catch (IOException e) {
            if (aside != null) {
                move(aside, target);
            }
            throw e;
        }
        if (aside != null) {
            deleteTree(aside);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Sizes in words for people: "17.6 MB". */
    public static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
