package dev.digitnet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.digitnet.data.DataFiles;
import dev.digitnet.model.Calibration;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.predict.FakeModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Point;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real browser: headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver} packages, used from {@code /usr/bin}; nothing is downloaded) draws on the canvas
 * with pointer input and checks what the page shows. Skipped, with the reason, when either binary
 * is missing.
 */
public class DrawDigitBrowserTest {

    /** The browser; system property {@code digitnet.chromium} or variable {@code DIGITNET_CHROMIUM} overrides. */
    public static final Path CHROMIUM = location("digitnet.chromium", "DIGITNET_CHROMIUM", "/usr/bin/chromium");
    /** Its driver; {@code digitnet.chromedriver} or {@code DIGITNET_CHROMEDRIVER} overrides. */
    public static final Path CHROMEDRIVER = location("digitnet.chromedriver", "DIGITNET_CHROMEDRIVER", "/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * A wait of up to {@link #WAIT} that asks again when an element it read was replaced meanwhile:
     * the page re-renders its rows as answers arrive, and a row read just as it is replaced is a
     * "not yet", not a failure.
     */
    static WebDriverWait waitFor() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * The model behind the page. A fake that answers 1 for tall thin ink and 0 otherwise; for the
     * trained network: {@code () -> { var m = DigitNetModel.loadBundled(); return
     * DigitClassifier.create(m::newProbabilityModel, 2, m); }}.
     */
    static final Supplier<DigitClassifier> MODEL = () -> DigitClassifier.create(FakeModels::shape, 2);

    private static Path location(String property, String variable, String fallback) {
        String value = System.getProperty(property, System.getenv(variable));
        return Path.of(value == null || value.isBlank() ? fallback : value);
    }

    /**
     * The bundled teacher's calibration, for the tests of the digit check: the one fitted and kept
     * in its config.json (the browser tests were first written against interim values, {@code new
     * Calibration(1.0, 6.25, 0.67, "interim")}, when the blob check was by solidity).
     */
    static Calibration teacherCalibration(DigitNetModel m) {
        return Calibration.of(m.card());
    }

    private static DigitClassifier classifier;
    private static DigitServer server;
    /** The page in front of the real bundled teacher; started by the first test that needs it. */
    private static DigitServer teacher;
    private static DigitClassifier teacherClassifier;
    private static WebDriver driver;
    private static Path profile;

    /** Why the browser cannot run here, or null. */
    private static String missing;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            missing = "browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver): "
                    + (Files.isExecutable(CHROMIUM) ? "" : CHROMIUM + " is missing ")
                    + (Files.isExecutable(CHROMEDRIVER) ? "" : CHROMEDRIVER + " is missing");
            return;
        }
        classifier = MODEL.get();
        server = DigitServer.start(classifier, modelCard(), "127.0.0.1", 0);
        driver = newDriver();
    }

    /** Each test (not just the class) is reported as skipped, with the reason, when the browser is missing. */
    @BeforeEach
    void requireBrowser() {
        if (missing != null) {
            Assumptions.abort(missing.trim());
        }
    }

    static WebDriver newDriver() throws IOException {
        profile = Files.createTempDirectory("digitnet-chromium-");
        return headlessChromium(profile, SCREENSHOTS, WAIT, WAIT);
    }

    /**
     * Headless Chromium from /usr/bin with its own profile folder, driven by the system chromedriver
     * (logging into {@code logFolder}): Selenium Manager never runs. The page tests of the server and
     * of the exported site share it.
     */
    public static WebDriver headlessChromium(Path profile, Path logFolder, Duration pageLoad, Duration script) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--window-size=1100,860", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile.toAbsolutePath());
        Files.createDirectories(logFolder);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(logFolder.resolve("chromedriver.log").toFile())
                .build();
        WebDriver d = new ChromeDriver(service, options);
        d.manage().timeouts().pageLoadTimeout(pageLoad);
        d.manage().timeouts().scriptTimeout(script);
        return d;
    }

    static JsonObject modelCard() {
        JsonObject card = new JsonObject();
        card.addProperty("name", "DigitNet");
        card.addProperty("parameters", 118_634);
        JsonObject evaluation = new JsonObject();
        evaluation.addProperty("test_accuracy", 0.9951);
        card.add("evaluation", evaluation);
        return card;
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (classifier != null) {
            classifier.close();
        }
        if (teacher != null) {
            teacher.close();
        }
        if (teacherClassifier != null) {
            teacherClassifier.close(); // and the model
        }
        if (profile != null) {
            DataFiles.deleteTree(profile);
        }
    }

    /** The page served by the real bundled teacher with {@link #teacherCalibration}; skips the test without one. */
    static DigitServer teacher() throws IOException {
        Assumptions.assumeTrue(DigitNetModel.hasBundled(), "this build has no bundled model");
        if (teacher == null) {
            DigitNetModel m = DigitNetModel.loadBundled();
            teacherClassifier = DigitClassifier.create(m::newProbabilityModel, 2, m, teacherCalibration(m));
            teacher = DigitServer.start(teacherClassifier, m.card(), "127.0.0.1", 0);
        }
        return teacher;
    }

    // ------------------------------------------------------------------------------------------
    // Helpers
    // ------------------------------------------------------------------------------------------

    private static WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    private static void open(DigitServer s) {
        driver.get(s.uri().toString());
        waitFor().until(d -> "prompt".equals(byId("prediction").getDomAttribute("data-state")));
    }

    /**
     * Draws strokes on the canvas with the mouse: each stroke presses, moves through its points
     * (in units of 1/100 of the canvas side, origin top-left) and releases.
     */
    static void drawStrokes(List<List<Point>> strokes) {
        drawStrokes(strokes, PointerInput.Kind.MOUSE);
    }

    /** {@link #drawStrokes(List)} with a mouse, pen or finger. */
    static void drawStrokes(List<List<Point>> strokes, PointerInput.Kind kind) {
        drawStrokes(driver, strokes, kind);
    }

    /** {@link #drawStrokes(List, PointerInput.Kind)} on the {@code #canvas} of any page {@code driver} shows. */
    public static void drawStrokes(WebDriver driver, List<List<Point>> strokes, PointerInput.Kind kind) {
        WebElement canvas = driver.findElement(By.id("canvas"));
        Dimension size = canvas.getSize();
        PointerInput pointer = new PointerInput(kind, kind.name().toLowerCase() + "-" + System.nanoTime());
        Sequence sequence = new Sequence(pointer, 0);
        for (List<Point> stroke : strokes) {
            Point first = stroke.get(0);
            sequence.addAction(move(pointer, canvas, size, first.x, first.y, 0));
            sequence.addAction(pointer.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
            double px = first.x;
            double py = first.y;
            for (Point p : stroke.subList(1, stroke.size())) {
                // Several small moves per segment, as a hand gives: the page joins them with lineTo.
                int steps = (int) Math.max(1, Math.ceil(Math.hypot(p.x - px, p.y - py) / 6));
                for (int s = 1; s <= steps; s++) {
                    sequence.addAction(move(pointer, canvas, size, px + (p.x - px) * s / steps, py + (p.y - py) * s / steps, 12));
                }
                px = p.x;
                py = p.y;
            }
            sequence.addAction(pointer.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        }
        ((org.openqa.selenium.interactions.Interactive) driver).perform(List.of(sequence));
    }

    private static org.openqa.selenium.interactions.Interaction move(PointerInput pointer, WebElement canvas,
            Dimension size, double x, double y, long millis) {
        // Element origin is the element's centre in WebDriver.
        int dx = (int) Math.round((x / 100.0 - 0.5) * size.width);
        int dy = (int) Math.round((y / 100.0 - 0.5) * size.height);
        return pointer.createPointerMove(Duration.ofMillis(millis), PointerInput.Origin.fromElement(canvas), dx, dy);
    }

    public static List<Point> line(int... xy) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < xy.length; i += 2) {
            points.add(new Point(xy[i], xy[i + 1]));
        }
        return points;
    }

    public static List<Point> ellipse(int cx, int cy, int rx, int ry) {
        List<Point> points = new ArrayList<>();
        for (int a = 0; a <= 360; a += 15) {
            double t = Math.toRadians(a - 90);
            points.add(new Point((int) Math.round(cx + rx * Math.cos(t)), (int) Math.round(cy + ry * Math.sin(t))));
        }
        return points;
    }

    /** The strokes scaled about the canvas centre and moved by (dx, dy), in canvas percent. */
    public static List<List<Point>> transform(List<List<Point>> strokes, double scale, int dx, int dy) {
        List<List<Point>> out = new ArrayList<>();
        for (List<Point> stroke : strokes) {
            List<Point> moved = new ArrayList<>();
            for (Point p : stroke) {
                moved.add(new Point((int) Math.round(50 + (p.x - 50) * scale + dx), (int) Math.round(50 + (p.y - 50) * scale + dy)));
            }
            out.add(moved);
        }
        return out;
    }

    /** Clears the canvas and waits for the prompt. */
    static void clearCanvas() {
        byId("clear").click();
        waitFor().until(d -> "prompt".equals(byId("prediction").getDomAttribute("data-state")));
    }

    /**
     * Waits for the answer that follows the {@code penUps}-th pen-up since the page loaded (the
     * page's {@code data-answered-pen-up}) and returns the milliseconds from that pen-up to the
     * answer being shown ({@code data-pen-up-ms}).
     */
    static double awaitFinalAnswer(int penUps) {
        WebElement prediction = byId("prediction");
        waitFor().until(d -> String.valueOf(penUps).equals(prediction.getDomAttribute("data-answered-pen-up")));
        return Double.parseDouble(prediction.getDomAttribute("data-pen-up-ms"));
    }

    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Waits until the page shows an answer (confident or unsure) and returns its state. */
    static String awaitPrediction() {
        WebElement prediction = byId("prediction");
        waitFor().until(d -> {
            String state = prediction.getDomAttribute("data-state");
            return "confident".equals(state) || "unsure".equals(state);
        });
        return prediction.getDomAttribute("data-state");
    }

    /** Waits until the page's top digit is {@code digit}. */
    static void awaitDigit(int digit) {
        WebElement prediction = byId("prediction");
        waitFor().until(d -> String.valueOf(digit).equals(prediction.getDomAttribute("data-digit")));
    }

    static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        try {
            Thread.sleep(400); // let the bars' width transition finish
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Sum of the preview canvas's brightness: non-zero once the 28×28 input has been drawn. */
    static long previewInk() {
        Object sum = ((JavascriptExecutor) driver).executeScript(
                "var c = document.getElementById('preview').getContext('2d').getImageData(0, 0, 28, 28).data;"
                        + "var s = 0; for (var i = 0; i < c.length; i += 4) { s += c[i]; } return s;");
        return ((Number) sum).longValue();
    }

    // ------------------------------------------------------------------------------------------
    // Tests
    // ------------------------------------------------------------------------------------------

    @Test
    void drawingShowsAPredictionAndClearBringsBackThePrompt() throws IOException {
        open(server);
        assertTrue(byId("prediction").getText().contains("Draw a digit"), byId("prediction").getText());
        assertEquals(0, previewInk());
        waitFor().until(d -> byId("model").getText().contains("parameters"));
        assertFalse(byId("model-row").isDisplayed(), "one model: no model menu");
        screenshot("draw-digit-empty.png");

        // A "1": short flag, then a long vertical stroke. Tall and thin → the fake model says 1.
        drawStrokes(List.of(line(40, 28, 54, 16, 54, 84)));
        awaitPrediction();
        awaitDigit(1);
        WebElement prediction = byId("prediction");
        assertEquals("confident", prediction.getDomAttribute("data-state"));
        assertTrue(prediction.getText().contains("1"), prediction.getText());
        List<WebElement> bars = byId("bars").findElements(By.cssSelector(".bar"));
        assertEquals(3, bars.size(), "top 3 bars");
        assertEquals("1", bars.get(0).getDomAttribute("data-digit"));
        assertTrue(bars.get(0).getText().contains("90"), bars.get(0).getText());
        assertTrue(previewInk() > 0, "the 28×28 preview shows the model's input");
        assertTrue(byId("status").getText().contains("ms"), byId("status").getText());
        screenshot("draw-digit.png");

        byId("clear").click();
        waitFor().until(d -> "prompt".equals(byId("prediction").getDomAttribute("data-state")));
        assertTrue(byId("prediction").getText().contains("Draw a digit"));
        assertTrue(byId("bars").findElements(By.cssSelector(".bar")).isEmpty());
        assertEquals(0, previewInk(), "Clear blanks the preview");
        Object canvasInk = ((JavascriptExecutor) driver).executeScript(
                "var c = document.getElementById('canvas'); var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "for (var i = 0; i < d.length; i += 4) { if (d[i] < 250) return true; } return false;");
        assertEquals(Boolean.FALSE, canvasInk, "Clear wipes the canvas");

        // A round "0" drawn with a finger (touch pointer events; the canvas does not scroll).
        drawStrokes(List.of(ellipse(50, 50, 24, 32)), PointerInput.Kind.TOUCH);
        awaitPrediction();
        awaitDigit(0);
        screenshot("draw-digit-touch.png");
    }

    /** Strokes of hand-drawn digits, in canvas percent, each read by the trained network. */
    public static final Map<Integer, List<List<Point>>> HAND_DRAWN = Map.of(
            0, List.of(ellipse(50, 50, 22, 32)),
            1, List.of(line(42, 24, 54, 14, 54, 86)),
            2, List.of(line(28, 30, 38, 18, 56, 14, 70, 24, 70, 40, 52, 60, 28, 82, 76, 82)),
            3, List.of(line(28, 20, 66, 18, 46, 46, 68, 58, 66, 78, 44, 86, 26, 78)),
            4, List.of(line(58, 14, 24, 62, 78, 62), line(60, 34, 60, 88)),
            7, List.of(line(24, 18, 76, 18, 42, 86)));

    @Test
    void trainedModelReadsHandDrawnDigitsInTheBrowser() throws IOException {
        Assumptions.assumeTrue(DigitNetModel.hasBundled(), "this build has no bundled model");
        try (DigitNetModel model = DigitNetModel.loadBundled();
                DigitClassifier real = DigitClassifier.create(model::newProbabilityModel, 2);
                DigitServer demo = DigitServer.start(real, model.card(), "127.0.0.1", 0)) {
            open(demo);
            for (Map.Entry<Integer, List<List<Point>>> digit : new java.util.TreeMap<>(HAND_DRAWN).entrySet()) {
                drawStrokes(digit.getValue());
                awaitPrediction();
                awaitDigit(digit.getKey());
                if (digit.getKey() == 7) {
                    screenshot("demo-trained-model.png");
                }
                byId("clear").click();
                waitFor().until(d -> "prompt".equals(byId("prediction").getDomAttribute("data-state")));
            }
        }
    }

    @Test
    void lowConfidenceIsShownAsUnsure() throws IOException {
        try (DigitClassifier unsure = DigitClassifier.create(
                () -> FakeModels.fixed(0.01f, 0.01f, 0.01f, 0.01f, 0.45f, 0.02f, 0.02f, 0.04f, 0.03f, 0.40f), 1)) {
            DigitServer other = DigitServer.start(unsure, modelCard(), "127.0.0.1", 0);
            try {
                open(other);
                drawStrokes(List.of(line(30, 20, 30, 55, 70, 55), line(62, 20, 62, 85)));
                assertEquals("unsure", awaitPrediction());
                String text = byId("prediction").getText();
                assertTrue(text.contains("Not sure") && text.contains("4") && text.contains("9"), text);
                screenshot("draw-digit-unsure.png");
            } finally {
                other.close();
            }
        }
    }

    @Test
    void thePageSwitchesBetweenServedModelsAndComparesTheirAnswersAndTimes() throws IOException {
        float[] four = new float[10];
        four[4] = 0.97f;
        four[9] = 0.03f;
        try (DigitClassifier teacher = DigitClassifier.create(FakeModels::shape, 1);
                DigitClassifier student = DigitClassifier.create(() -> FakeModels.fixed(four), 1)) {
            JsonObject studentCard = modelCard();
            studentCard.addProperty("parameters", 24_788);
            DigitServer both = DigitServer.start(new ServedModels(List.of(
                    new ServedModels.Entry("teacher", teacher, modelCard()),
                    new ServedModels.Entry("xs", student, studentCard))), "127.0.0.1", 0);
            try {
                open(both);
                waitFor().until(d -> byId("model-row").isDisplayed());
                org.openqa.selenium.support.ui.Select select = new org.openqa.selenium.support.ui.Select(byId("model-select"));
                assertEquals(2, select.getOptions().size());
                assertEquals("teacher", select.getFirstSelectedOption().getDomAttribute("value"));
                assertTrue(select.getOptions().get(1).getText().contains("25 k parameters"), select.getOptions().get(1).getText());

                drawStrokes(List.of(line(40, 28, 54, 16, 54, 84)));
                awaitDigit(1);
                // After the pen lifts, every model reads the same drawing: one row each, with its answer and server time.
                String first = waitFor().until(d -> {
                    List<WebElement> rows = byId("compare-rows").findElements(By.tagName("tr"));
                    return rows.size() == 2 && rows.get(1).getText().contains("4 (97") && rows.get(1).getText().contains(" ms")
                            ? rows.get(0).getText() : null;
                });
                assertTrue(first.contains("1 (90"), first);
                screenshot("draw-digit-models.png");

                select.selectByValue("xs");
                awaitDigit(4);
                waitFor().until(d -> byId("status").getText().contains("by xs"));
                waitFor().until(d -> byId("model").getText().contains("24.8 k parameters"));
            } finally {
                both.close();
            }
        }
    }

    /**
     * Chromium's deadline for starting a {@code canvas.toBlob} encode when no idle period comes
     * (kIdleTaskStartTimeoutDelayMs, desktop): the wait the page's final answer had when it encoded
     * with toBlob, and the least any final answer took then.
     */
    static final double IDLE_TASK_TIMEOUT_MS = 1000;

    /**
     * Pen-up to final answer, with the real model: 18 drawings (the hand-drawn digits, three sizes
     * and places each). The issue measured a median of 1,016 ms here while the server took 7 ms:
     * {@code canvas.toBlob} waited for an idle period, which after the pen lifts comes only at
     * Chromium's one-second deadline. That wait is a floor, not a measurement, so the check is
     * against it: a page that waits for an idle period answers no drawing sooner than 1,000 ms,
     * whatever the machine's speed, and the median must be under it. How fast the answer is (the
     * issue's target, a median of at most 100 ms; 23 ms measured on a quiet machine, 24-36 ms
     * beside training runs) depends on the machine, so it is a recorded benchmark: every sample
     * goes to stdout and {@code target/screenshots/latency.json}, with the target and whether it
     * was met.
     */
    @Test
    void theFinalAnswerIsShownRightAfterThePenLifts() throws IOException {
        open(teacher());
        double[][] placements = {{1.0, 0, 0}, {0.8, -6, 4}, {0.9, 6, -3}};
        int penUps = 0;
        List<Double> samples = new ArrayList<>();
        List<Double> server = new ArrayList<>();
        List<Double> encode = new ArrayList<>();
        JsonArray drawings = new JsonArray();
        for (double[] at : placements) {
            for (Map.Entry<Integer, List<List<Point>>> digit : new java.util.TreeMap<>(HAND_DRAWN).entrySet()) {
                List<List<Point>> strokes = transform(digit.getValue(), at[0], (int) at[1], (int) at[2]);
                drawStrokes(strokes);
                penUps += strokes.size();
                double ms = awaitFinalAnswer(penUps);
                samples.add(ms);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("server ([0-9.]+) ms").matcher(byId("status").getText());
                double serverMs = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
                server.add(serverMs);
                String encoded = byId("prediction").getDomAttribute("data-encode-ms");
                double encodeMs = encoded == null ? Double.NaN : Double.parseDouble(encoded);
                encode.add(encodeMs);
                JsonObject drawing = new JsonObject();
                drawing.addProperty("drawn", digit.getKey());
                drawing.addProperty("answer", byId("prediction").getDomAttribute("data-digit"));
                drawing.addProperty("verdict", byId("prediction").getDomAttribute("data-verdict"));
                drawing.addProperty("pen_up_to_answer_ms", ms);
                drawing.addProperty("server_ms", serverMs);
                drawing.addProperty("png_encode_ms", encodeMs);
                drawings.add(drawing);
                clearCanvas();
            }
        }
        double median = median(samples);
        System.out.printf("pen-up → final answer, %d drawings: median %.1f ms (server median %.1f ms, PNG encoding median %.2f ms);"
                + " samples %s%n", samples.size(), median, median(server), median(encode), samples);
        JsonObject report = new JsonObject();
        report.addProperty("what", "ms from pen-up to the final answer shown, headless Chromium, bundled teacher");
        report.addProperty("median_ms", median);
        report.addProperty("server_median_ms", median(server));
        report.addProperty("png_encode_median_ms", median(encode));
        report.addProperty("target_median_ms", 100);
        report.addProperty("target_met", median <= 100);
        JsonArray all = new JsonArray();
        samples.forEach(all::add);
        report.add("samples_ms", all);
        report.add("drawings", drawings);
        Files.createDirectories(SCREENSHOTS);
        Files.writeString(SCREENSHOTS.resolve("latency.json"), new GsonBuilder().setPrettyPrinting().create().toJson(report));
        assertTrue(samples.size() >= 15);
        assertTrue(median < IDLE_TASK_TIMEOUT_MS, "median pen-up → answer " + median + " ms: the page waits for an idle period"
                + " (Chromium starts a waiting toBlob encode after " + IDLE_TASK_TIMEOUT_MS + " ms); samples " + samples);
    }

    /**
     * Non-digits to draw (in canvas percent), fixed before anything was measured with the head: a
     * five-pointed star in one stroke (a held-out doodle kind, which the teacher used to read as a
     * 4, 99.6 % sure) and a W (a held-out letter, read as a 4 before). Not picked for being refused.
     */
    public static final Map<String, List<List<Point>>> NOT_DIGITS = Map.of(
            "a star", List.of(line(50, 14, 71, 79, 16, 39, 84, 39, 29, 79, 50, 14)),
            "the letter W", List.of(line(14, 20, 32, 82, 50, 38, 68, 82, 86, 20)));

    /** The page says "That doesn't look like a digit" for the shown answer, with no digit and no "% sure". */
    static void assertNotADigit(String verdict, String what) {
        WebElement prediction = byId("prediction");
        String text = prediction.getText();
        assertEquals("not-digit", prediction.getDomAttribute("data-state"), what + ": " + text);
        assertEquals(verdict, prediction.getDomAttribute("data-verdict"), what);
        assertTrue(text.contains("That doesn't look like a digit"), what + ": " + text);
        assertFalse(text.contains("sure") || text.contains("It's a"), what + ": " + text);
        assertNull(prediction.getDomAttribute("data-digit"), what + ": no digit is claimed");
        assertFalse(byId("prediction-digit").getText().matches(".*[0-9].*"), what + ": no big digit");
        // The network's reading is still there, small.
        List<WebElement> bars = byId("bars").findElements(By.cssSelector(".bar"));
        assertEquals(3, bars.size(), what + ": top 3 still shown");
        assertTrue(byId("bars").getDomAttribute("class").contains("muted"), what + ": top 3 de-emphasised");
        assertEquals("If it were a digit", byId("bars-title").getDomProperty("textContent"), what);
    }

    /**
     * The bundled teacher with its digit check: every hand-drawn digit is read and accepted; a
     * single click (a dot, which preprocessing scales up to a filled disk), a doodle and a letter
     * get "That doesn't look like a digit".
     */
    @Test
    void theTeacherReadsDrawnDigitsAndRefusesADotADoodleAndALetter() throws IOException {
        open(teacher());
        int penUps = 0;
        WebElement prediction = byId("prediction");
        for (Map.Entry<Integer, List<List<Point>>> digit : new java.util.TreeMap<>(HAND_DRAWN).entrySet()) {
            drawStrokes(digit.getValue());
            awaitFinalAnswer(penUps += digit.getValue().size());
            String what = "the drawn " + digit.getKey() + ": " + prediction.getText();
            assertEquals(String.valueOf(digit.getKey()), prediction.getDomAttribute("data-digit"), what);
            assertEquals("accepted", prediction.getDomAttribute("data-verdict"), what);
            assertTrue(prediction.getText().contains("It's a " + digit.getKey()), what);
            assertFalse(byId("bars").getDomAttribute("class").contains("muted"), what);
            clearCanvas();
        }

        drawStrokes(List.of(line(50, 50)));
        awaitFinalAnswer(penUps += 1);
        assertNotADigit("solid_blob", "a dot");
        assertTrue(prediction.getText().contains("dot"), prediction.getText());
        screenshot("not-a-digit-dot.png");
        clearCanvas();

        for (Map.Entry<String, List<List<Point>>> drawing : new java.util.TreeMap<>(NOT_DIGITS).entrySet()) {
            drawStrokes(drawing.getValue());
            awaitFinalAnswer(penUps += drawing.getValue().size());
            // The head's verdict, or the energy's: either way "not a digit", and the reason shown.
            String verdict = prediction.getDomAttribute("data-verdict");
            assertTrue("not_digit".equals(verdict) || "low_score".equals(verdict), drawing.getKey() + ": " + verdict
                    + " " + prediction.getText());
            assertNotADigit(verdict, drawing.getKey());
            screenshot("not-a-digit-" + drawing.getKey().replace(' ', '-') + ".png");
            clearCanvas();
        }
    }

    /** With several models, the table says which of them refuse the drawing, and the page follows the chosen one. */
    @Test
    void theComparisonTableShowsEachModelsVerdict() throws IOException {
        // The same fake twice; "strict" refuses everything (its energy score, 0, is under 1000).
        try (DigitClassifier lenient = DigitClassifier.create(FakeModels::shape, 1);
                DigitClassifier strict = DigitClassifier.create(FakeModels::shape, 1, null, new Calibration(1, 1000, Double.POSITIVE_INFINITY, "test"))) {
            DigitServer both = DigitServer.start(new ServedModels(List.of(
                    new ServedModels.Entry("teacher", lenient, modelCard()),
                    new ServedModels.Entry("strict", strict, modelCard()))), "127.0.0.1", 0);
            try {
                open(both);
                waitFor().until(d -> byId("model-row").isDisplayed());
                drawStrokes(List.of(line(40, 28, 54, 16, 54, 84)));
                awaitDigit(1);
                // Read in the wait: a row replaced while being read is read again.
                List<String> rows = waitFor().until(d -> {
                    List<WebElement> tr = byId("compare-rows").findElements(By.tagName("tr"));
                    if (tr.size() != 2 || !tr.get(1).getText().contains(" ms")) {
                        return null;
                    }
                    return List.of(tr.get(0).getText(), tr.get(0).getDomAttribute("data-verdict"), tr.get(1).getText(),
                            tr.get(1).getDomAttribute("data-verdict"));
                });
                assertTrue(rows.get(0).contains("1 (90"), rows.get(0));
                assertEquals("accepted", rows.get(1));
                assertTrue(rows.get(2).contains("not a digit"), rows.get(2));
                assertEquals("low_score", rows.get(3));

                new org.openqa.selenium.support.ui.Select(byId("model-select")).selectByValue("strict");
                waitFor().until(d -> "not-digit".equals(byId("prediction").getDomAttribute("data-state")));
                assertNotADigit("low_score", "the strict model");
                ((JavascriptExecutor) driver).executeScript("document.getElementById('compare').scrollIntoView({block: 'end'})");
                screenshot("not-a-digit-models.png");
            } finally {
                both.close();
            }
        }
    }
}
