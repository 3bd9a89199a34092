package dev.digitnet.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.data.DataFiles;
import dev.digitnet.DigitNet;
import dev.digitnet.data.MnistSplit;
import dev.digitnet.data.MnistStore;
import dev.digitnet.input.DigitInput;
import dev.digitnet.input.ImageDecoder;
import dev.digitnet.input.InputTrace;
import dev.digitnet.input.ModelInput;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.serve.DrawDigitBrowserTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Point;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The exported site in a real browser: {@code SiteExporter} writes the folder (ONNX Runtime Web
 * through npm, every bundled model), a plain static file server ({@link StaticFolderServer}) serves
 * it under a sub-path, and headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}) draws on the page. Skipped, with the reason, when the browser is missing or
 * ONNX Runtime Web cannot be had. The tests share one page load, in order; the last one stops the
 * server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StaticSiteBrowserTest {

    static final Path OUTPUT = Path.of("target", "site-test");
    static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * Clean pictures for the parity check (Java takes some of the drawn pictures for photos of
     * paper, whose cleaning the browser does not have; they are drawn too, and only their clean /
     * not clean verdict and answers are compared), and how many go to the browser at once.
     */
    static final int PARITY_PICTURES = 2000;
    static final int PARITY_BATCH = 100;

    @TempDir static Path temp;

    private static String missing;
    private static SiteExporter.Result exported;
    private static JsonObject site;
    private static StaticFolderServer server;
    static WebDriver driver;
    static Path profile;
    static int penUps;
    /** Pen-up → final answer per model, from the drawings of the first test. */
    private static final Map<String, List<Double>> PEN_UP_MS = new TreeMap<>();

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(DrawDigitBrowserTest.CHROMIUM) || !Files.isExecutable(DrawDigitBrowserTest.CHROMEDRIVER)) {
            missing = "the site's browser test needs " + DrawDigitBrowserTest.CHROMIUM + " and " + DrawDigitBrowserTest.CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver)";
            return;
        }
        if (!DigitNetModel.hasBundled()) {
            missing = "this build has no bundled model";
            return;
        }
        OnnxRuntimeWeb runtime = new OnnxRuntimeWeb();
        try {
            exported = SiteExporter.write(temp.resolve("site"), false, runtime, System.out::println);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("npm")) {
                missing = "ONNX Runtime Web could not be had: " + e.getMessage();
                return;
            }
            throw e;
        }
        site = JsonParser.parseString(Files.readString(exported.folder().resolve(SiteExporter.MODELS_JSON))).getAsJsonObject();
        server = new StaticFolderServer(exported.folder(), "digits");
        driver = newDriver();
        openSite();
    }

    @BeforeEach
    void requireBrowser() {
        if (missing != null) {
            Assumptions.abort(missing);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (profile != null) {
            DataFiles.deleteTree(profile);
        }
    }

    static WebDriver newDriver() throws IOException {
        profile = Files.createTempDirectory("digitnet-site-chromium-");
        return DrawDigitBrowserTest.headlessChromium(profile, OUTPUT, WAIT, Duration.ofMinutes(3));
    }

    static void openSite() {
        driver.get(server.uri().toString());
        penUps = 0;
        waitFor().until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-models-ready")));
        assertEquals("browser", driver.findElement(By.tagName("html")).getDomAttribute("data-backend"));
    }

    static WebDriverWait waitFor() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    static WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static List<String> modelNames() {
        List<String> names = new ArrayList<>();
        site.getAsJsonArray("models").forEach(m -> names.add(m.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    static String defaultModel() {
        return site.get("default").getAsString();
    }

    static JsonObject calibration(String model) {
        for (JsonElement m : site.getAsJsonArray("models")) {
            if (m.getAsJsonObject().get("name").getAsString().equals(model)) {
                return m.getAsJsonObject().getAsJsonObject("calibration");
            }
        }
        throw new IllegalArgumentException(model);
    }

    /** Draws strokes (canvas percent) with the mouse, as DrawDigitBrowserTest does, and counts the pen-ups. */
    static void draw(List<List<Point>> strokes) {
        DrawDigitBrowserTest.drawStrokes(driver, strokes, PointerInput.Kind.MOUSE);
        penUps += strokes.size();
    }

    /** Waits for the final answer to the last drawing; returns pen-up → answer in ms. */
    static double awaitFinalAnswer() {
        WebElement prediction = byId("prediction");
        String expected = String.valueOf(penUps);
        waitFor().until(d -> expected.equals(prediction.getDomAttribute("data-answered-pen-up")));
        return Double.parseDouble(prediction.getDomAttribute("data-pen-up-ms"));
    }

    static void clearCanvas() {
        byId("clear").click();
        waitFor().until(d -> "prompt".equals(byId("prediction").getDomAttribute("data-state")));
    }

    static void selectModel(String name) {
        new Select(byId("model-select")).selectByValue(name);
    }

    static void screenshot(String name) throws IOException {
        try {
            Thread.sleep(400); // the bars' width transition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.createDirectories(OUTPUT);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, OUTPUT.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    // ------------------------------------------------------------------------------------------

    /** The hand-drawn digits of the served page's test, on every model of the site, the default first. */
    @Test
    @Order(1)
    void everyBundledModelReadsDrawnDigits() throws IOException {
        Select select = new Select(byId("model-select"));
        assertEquals(modelNames().size(), select.getOptions().size());
        assertEquals(defaultModel(), select.getFirstSelectedOption().getDomAttribute("value"), "the page opens with the default");
        assertTrue(byId("backend").getText().contains("ONNX Runtime Web"), byId("backend").getText());
        List<String> order = new ArrayList<>(modelNames());
        order.remove(defaultModel());
        order.add(0, defaultModel());
        List<String> misread = new ArrayList<>();
        for (String model : order) {
            selectModel(model);
            for (Map.Entry<Integer, List<List<Point>>> digit : new TreeMap<>(DrawDigitBrowserTest.HAND_DRAWN).entrySet()) {
                draw(digit.getValue());
                double ms = awaitFinalAnswer();
                PEN_UP_MS.computeIfAbsent(model, k -> new ArrayList<>()).add(ms);
                WebElement prediction = byId("prediction");
                String shown = prediction.getDomAttribute("data-digit");
                String verdict = prediction.getDomAttribute("data-verdict");
                assertTrue(byId("status").getText().contains("by " + model), byId("status").getText());
                if (!String.valueOf(digit.getKey()).equals(shown) || !"accepted".equals(verdict)) {
                    misread.add(model + " read a drawn " + digit.getKey() + " as " + shown + " (" + verdict + ")");
                }
                if (model.equals(defaultModel()) && digit.getKey() == 7) {
                    // Every model's answer for this drawing, in the comparison table.
                    waitFor().until(d -> {
                        List<WebElement> rows = byId("compare-rows").findElements(By.tagName("tr"));
                        return rows.size() == modelNames().size() && rows.stream().allMatch(r -> r.getText().contains(" ms"));
                    });
                    for (WebElement row : byId("compare-rows").findElements(By.tagName("tr"))) {
                        assertTrue(row.getText().contains("7 ("), row.getText());
                    }
                    Dimension before = driver.manage().window().getSize();
                    driver.manage().window().setSize(new Dimension(1100, 1010)); // the whole comparison table
                    screenshot("site-seven.png");
                    driver.manage().window().setSize(before);
                }
                clearCanvas();
            }
        }
        PEN_UP_MS.forEach((model, samples) -> System.out.printf("site: pen-up → final answer, %s: median %.1f ms, samples %s%n",
                model, DrawDigitBrowserTest.median(samples), samples));
        Files.createDirectories(OUTPUT);
        JsonObject report = new JsonObject();
        report.addProperty("what", "ms from pen-up to the final answer shown, exported site, headless Chromium, ONNX Runtime Web "
                + OnnxRuntimeWeb.VERSION + " (WebAssembly, 1 thread); the hand-drawn digits of DrawDigitBrowserTest");
        PEN_UP_MS.forEach((model, samples) -> {
            JsonObject m = new JsonObject();
            m.addProperty("median_ms", DrawDigitBrowserTest.median(samples));
            JsonArray all = new JsonArray();
            samples.forEach(all::add);
            m.add("samples_ms", all);
            report.add(model, m);
        });
        Files.writeString(OUTPUT.resolve("pen-up-latency.json"), new GsonBuilder().setPrettyPrinting().create().toJson(report));
        assertEquals(List.of(), misread);
    }

    /** A dot is a blob on every model; the served page's test's non-digits (a star, a W) are refused by the teacher. */
    @Test
    @Order(2)
    void aDotAndNonDigitsAreRefused() throws IOException {
        for (String model : modelNames()) {
            selectModel(model);
            draw(List.of(DrawDigitBrowserTest.line(50, 50)));
            awaitFinalAnswer();
            assertNotADigit("solid_blob", model + ": a dot");
            clearCanvas();
        }
        selectModel("teacher");
        for (Map.Entry<String, List<List<Point>>> drawing : new TreeMap<>(DrawDigitBrowserTest.NOT_DIGITS).entrySet()) {
            draw(drawing.getValue());
            awaitFinalAnswer();
            // The head or the energy score may refuse it, as on the served page.
            String verdict = byId("prediction").getDomAttribute("data-verdict");
            assertTrue("not_digit".equals(verdict) || "low_score".equals(verdict), "teacher: " + drawing.getKey() + ": " + verdict);
            assertNotADigit(verdict, "teacher: " + drawing.getKey());
            if (drawing.getKey().equals("a star")) {
                screenshot("site-not-a-digit.png");
            }
            clearCanvas();
        }
        selectModel(defaultModel());
    }

    static void assertNotADigit(String verdict, String what) {
        WebElement prediction = byId("prediction");
        String text = prediction.getText();
        assertEquals("not-digit", prediction.getDomAttribute("data-state"), what + ": " + text);
        assertEquals(verdict, prediction.getDomAttribute("data-verdict"), what);
        assertTrue(text.contains("That doesn't look like a digit"), what + ": " + text);
        assertNull(prediction.getDomAttribute("data-digit"), what);
        assertEquals(3, byId("bars").findElements(By.cssSelector("li.bar[data-digit]")).size(), what + ": top 3 still shown");
    }

    /** Every resource the page loaded came from the site's folder, and the server was asked for nothing else. */
    @Test
    @Order(3)
    void noRequestLeavesTheFolder() throws IOException {
        String folder = server.uri().toString();
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) js("return performance.getEntriesByType('navigation').concat("
                + "performance.getEntriesByType('resource')).map(function (e) { return e.name; });");
        assertTrue(urls.size() >= 10, "the page, its scripts, the runtime and the models: " + urls);
        for (String url : urls) {
            assertTrue(url.startsWith(folder), url + " is outside " + folder);
        }
        for (String file : List.of("models.json", "browser.js", "ort/ort.wasm.min.js", "ort/ort-wasm-simd-threaded.js",
                "ort/ort-wasm-simd-threaded.wasm", "models/teacher.onnx")) {
            assertTrue(urls.contains(folder + file), file + " was loaded: " + urls);
        }
        for (StaticFolderServer.Request r : server.requests()) {
            assertEquals(200, r.status(), r.toString());
            assertTrue(r.path().startsWith("/digits/"), r.toString());
        }
        // The phone layout: the canvas and the answer fit a 390 px wide screen, one above the other.
        Dimension before = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new Dimension(390, 844));
            draw(new TreeMap<>(DrawDigitBrowserTest.HAND_DRAWN).get(3));
            awaitFinalAnswer();
            Number scrollWidth = (Number) js("return document.documentElement.scrollWidth;");
            Number clientWidth = (Number) js("return document.documentElement.clientWidth;");
            assertTrue(scrollWidth.intValue() <= clientWidth.intValue(), "no sideways scrolling at 390 px: " + scrollWidth + " > " + clientWidth);
            WebElement canvas = byId("canvas");
            WebElement answer = byId("prediction");
            assertTrue(answer.getLocation().getY() >= canvas.getLocation().getY() + canvas.getSize().getHeight(),
                    "the answer is below the canvas on a phone");
            screenshot("site-phone.png");
        } finally {
            clearCanvas();
            driver.manage().window().setSize(before);
        }
    }

    /**
     * MNIST test digits drawn onto a canvas in the page (pen dots at the ink, at several sizes,
     * places, pen widths and inks); the browser's 28×28 and 32×32 inputs, read from the canvas's
     * pixels, against DigitInput's from the same pixels (a PNG of the canvas), and the browser's
     * top-1 and verdict against the Java classifier's on that input, for every model.
     */
    @Test
    @Order(4)
    void theBrowserPreprocessesAndAnswersLikeJava() throws IOException {
        MnistSplit test = new MnistStore(MnistStore.defaultDirectory(), System.out::println).load().test();
        SplittableRandom random = new SplittableRandom(2022);
        List<String> models = modelNames();
        Map<String, DigitClassifier> java = new LinkedHashMap<>();
        try {
            for (String model : models) {
                java.put(model, DigitNet.classifier(model));
            }
            double max28 = 0;
            double max32 = 0;
            double maxScore = 0;
            int pictures = 0;
            int clean = 0;
            int photos = 0;
            int photoDisagreements = 0;
            int empty = 0;
            Map<String, Integer> verdicts = new TreeMap<>();
            List<String> disagreements = new ArrayList<>();
            long browserMs = 0;
            int stride = test.count() / (PARITY_PICTURES + PARITY_PICTURES / 5);
            for (int from = 0; clean < PARITY_PICTURES; from += PARITY_BATCH) {
                int n = PARITY_BATCH;
                assertTrue((from + n) * stride <= test.count(), "not enough clean pictures: " + clean + " of " + pictures);
                byte[] digits = new byte[n * 784];
                JsonArray params = new JsonArray();
                for (int k = 0; k < n; k++) {
                    int index = (from + k) * stride;
                    System.arraycopy(test.images(), index * 784, digits, k * 784, 784);
                    double scale = 3 + random.nextDouble() * 8.5;          // the 28×28 grid: 84 to 322 px
                    double pen = scale * (0.35 + random.nextDouble() * 0.9); // pen radius
                    JsonObject p = new JsonObject();
                    p.addProperty("scale", scale);
                    p.addProperty("x", random.nextDouble() * (336 - 28 * scale));
                    p.addProperty("y", random.nextDouble() * (336 - 28 * scale));
                    p.addProperty("radius", pen);
                    p.addProperty("soft", random.nextBoolean());
                    params.add(p);
                }
                long started = System.nanoTime();
                String result = (String) ((JavascriptExecutor) driver).executeAsyncScript(PARITY_SCRIPT,
                        Base64.getEncoder().encodeToString(digits), params.toString(), new com.google.gson.Gson().toJson(models));
                browserMs += (System.nanoTime() - started) / 1_000_000;
                JsonElement parsed = JsonParser.parseString(result);
                assertTrue(parsed.isJsonArray(), result.length() > 2000 ? result.substring(0, 2000) : result);
                for (JsonElement e : parsed.getAsJsonArray()) {
                    JsonObject b = e.getAsJsonObject();
                    byte[] png = Base64.getDecoder().decode(b.get("png").getAsString());
                    InputTrace trace = new InputTrace();
                    ModelInput in = DigitInput.read(png, ImageDecoder.Limits.DEFAULT, ImageDecoder.Budget.NONE, trace);
                    boolean isPhoto = trace.route() == InputTrace.Route.PHOTO;
                    photos += isPhoto ? 1 : 0;
                    assertEquals(!isPhoto, b.get("clean").getAsBoolean(), "picture " + pictures + ": clean in one only");
                    if (!isPhoto) {
                        clean++;
                        empty += in.empty() ? 1 : 0;
                        assertEquals(in.empty(), b.get("empty").getAsBoolean(), "picture " + pictures + ": blank in one only");
                        max28 = Math.max(max28, maxAbsDiff(in.image28(), floats(b.get("i28").getAsString())));
                        max32 = Math.max(max32, maxAbsDiff(in.image32(), floats(b.get("i32").getAsString())));
                    }
                    JsonObject answers = b.getAsJsonObject("answers");
                    for (String model : models) {
                        DigitClassifier.Classification c = java.get(model).classify(in);
                        JsonObject a = answers.getAsJsonObject(model);
                        int javaTop = c.empty() ? -1 : c.best().digit();
                        String javaVerdict = c.check().reason().id();
                        verdicts.merge(model + " " + javaVerdict, 1, Integer::sum);
                        boolean differ = javaTop != a.get("digit").getAsInt() || !javaVerdict.equals(a.get("verdict").getAsString());
                        photoDisagreements += differ && isPhoto ? 1 : 0;
                        if (differ && !isPhoto) {
                            disagreements.add("picture " + pictures + ", " + model + ": Java " + javaTop + " " + javaVerdict
                                    + " (score " + c.check().score() + "), browser " + a);
                        }
                        if (!c.empty() && !isPhoto) {
                            maxScore = Math.max(maxScore, Math.abs(c.check().score() - a.get("score").getAsDouble()));
                        }
                    }
                    pictures++;
                }
            }
            System.out.printf("site parity: %d pictures drawn, %d clean (%d blank), %d taken for photos by Java; on the clean ones"
                    + " max |Δ| 28×28 %.3g, 32×32 %.3g, energy score %.3g; %d disagreements of top-1 or verdict (%d more on the"
                    + " photos); verdicts %s; browser %.1f s%n",
                    pictures, clean, empty, photos, max28, max32, maxScore, disagreements.size(), photoDisagreements, verdicts,
                    browserMs / 1000.0);
            JsonObject report = new JsonObject();
            report.addProperty("pictures", pictures);
            report.addProperty("clean_pictures_compared", clean);
            report.addProperty("models", String.join(", ", models));
            report.addProperty("blank", empty);
            report.addProperty("java_photo_route", photos);
            report.addProperty("disagreements_on_photo_route", photoDisagreements);
            report.addProperty("max_abs_diff_28", max28);
            report.addProperty("max_abs_diff_32", max32);
            report.addProperty("max_abs_diff_energy_score", maxScore);
            report.addProperty("disagreements", disagreements.size());
            JsonObject v = new JsonObject();
            verdicts.forEach(v::addProperty);
            report.add("java_verdicts", v);
            report.addProperty("browser_seconds", browserMs / 1000.0);
            Files.createDirectories(OUTPUT);
            Files.writeString(OUTPUT.resolve("parity.json"), new GsonBuilder().setPrettyPrinting().create().toJson(report));
            assertTrue(clean >= PARITY_PICTURES, clean + " clean pictures");
            assertTrue(photos < pictures / 20, "most drawn pictures are clean: " + photos + " of " + pictures + " taken for photos");
            assertTrue(max28 <= 1e-3, "28×28 max |Δ| " + max28);
            assertTrue(max32 <= 1e-3, "32×32 max |Δ| " + max32);
            assertEquals(List.of(), disagreements.subList(0, Math.min(20, disagreements.size())), disagreements.size() + " disagreements");
            assertTrue(empty < clean / 10, "the pictures have ink: " + empty + " blank");
        } finally {
            java.values().forEach(DigitClassifier::close);
        }
    }

    /** Draws the batch, reads each picture with the page's own functions and every model. */
    private static final String PARITY_SCRIPT = String.join("\n",
            "var done = arguments[arguments.length - 1];",
            "var raw = atob(arguments[0]);",
            "var pixels = new Uint8Array(raw.length);",
            "for (var i = 0; i < raw.length; i++) { pixels[i] = raw.charCodeAt(i); }",
            "var params = JSON.parse(arguments[1]);",
            "var names = JSON.parse(arguments[2]);",
            "var backend = window.DigitNetPage.backend.inner;",
            "var canvas = document.createElement('canvas');",
            "canvas.width = 336; canvas.height = 336;",
            "var ctx = canvas.getContext('2d');",
            "function b64(f32) {",
            "  var u = new Uint8Array(f32.buffer, f32.byteOffset, f32.byteLength); var s = '';",
            "  for (var i = 0; i < u.length; i += 0x8000) { s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000)); }",
            "  return btoa(s);",
            "}",
            "(async function () {",
            "  var out = [];",
            "  for (var k = 0; k < params.length; k++) {",
            "    var p = params[k];",
            "    ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.globalAlpha = 1;",
            "    ctx.fillStyle = '#ffffff'; ctx.fillRect(0, 0, 336, 336);",
            "    for (var j = 0; j < 784; j++) {",
            "      var v = pixels[k * 784 + j];",
            "      if (v === 0 || (!p.soft && v < 128)) { continue; }",
            "      ctx.fillStyle = p.soft ? 'rgba(0,0,0,' + (v / 255).toFixed(3) + ')' : '#000000';",
            "      ctx.beginPath();",
            "      ctx.arc(p.x + (j % 28 + 0.5) * p.scale, p.y + (Math.floor(j / 28) + 0.5) * p.scale, p.radius, 0, 2 * Math.PI);",
            "      ctx.fill();",
            "    }",
            "    var input = DigitNetBrowser.preprocess(ctx.getImageData(0, 0, 336, 336).data, 336, 336);",
            "    var answers = {};",
            "    for (var m = 0; m < names.length; m++) {",
            "      var body = await backend.predict(input, names[m], false, 1);",
            "      answers[names[m]] = { digit: body.predictions.length ? body.predictions[0].digit : -1,",
            "        verdict: body.digit_check.verdict, score: body.digit_check.score === undefined ? null : body.digit_check.score };",
            "    }",
            "    out.push({ png: canvas.toDataURL('image/png').split(',')[1], i28: b64(input.image28), i32: b64(input.image32),",
            "      empty: input.empty, clean: input.clean, answers: answers });",
            "  }",
            "  return out;",
            "})().then(function (r) { done(JSON.stringify(r)); }, function (e) { done(JSON.stringify({ error: String(e && e.stack || e) })); });");

    static float[] floats(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length, "input sizes");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** With the static server stopped, the open page still reads drawings, on any of its models. */
    @Test
    @Order(5)
    void thePageAnswersAfterTheServerIsStopped() {
        server.close();
        Object reached = ((JavascriptExecutor) driver).executeAsyncScript("var done = arguments[0];"
                + "fetch('models.json', {cache: 'no-store'}).then(function () { done('reached'); }, function () { done('offline'); });");
        assertEquals("offline", reached, "the server is really gone");
        List<List<Point>> seven = DrawDigitBrowserTest.HAND_DRAWN.get(7);
        for (String model : List.of("teacher", defaultModel())) {
            selectModel(model);
            draw(seven);
            awaitFinalAnswer();
            assertEquals("7", byId("prediction").getDomAttribute("data-digit"), model);
            assertTrue(byId("status").getText().contains("by " + model), byId("status").getText());
            clearCanvas();
        }
        assertFalse(byId("status").getAttribute("class").contains("error"), byId("status").getText());
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
