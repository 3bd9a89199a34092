package dev.digitnet.site;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.digitnet.data.DataFiles;
import dev.digitnet.serve.DigitServer;
import dev.digitnet.serve.DrawDigitBrowserTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Point;

/**
 * The exported site beside the served page, in headless Chromium (scripts/site-speed.sh): per
 * round and page, a cold load in a fresh browser profile (ms until the page could answer with its
 * default model and with every model, bytes transferred), then pen-up → final answer for the
 * default model and the teacher (the hand-drawn digits of DrawDigitBrowserTest at three sizes and
 * places, 18 drawings each). The site and the served page alternate in each round. One JSON line
 * per measurement, appended to the output file, and a summary on standard output.
 *
 * <p>Usage: {@code SiteSpeed ROUNDS OUTPUT.jsonl}.
 */
public final class SiteSpeed {

    private SiteSpeed() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path output = Path.of(args.length > 1 ? args[1] : "docs/runs/site/site-speed.jsonl");
        Files.createDirectories(output.toAbsolutePath().getParent());
        Path folder = Files.createTempDirectory("digitnet-site-speed-");
        SiteExporter.Result site = SiteExporter.write(folder.resolve("site"), false, new OnnxRuntimeWeb(), System.out::println);
        String defaultModel = site.defaultModel();
        long gzip = gzipBytes(site.folder());
        System.out.printf("site: %d files, %,d bytes (%,d gzipped), default model %s%n", site.files(), site.bytes(), gzip, defaultModel);
        try (StaticFolderServer files = new StaticFolderServer(site.folder(), "digits");
                DigitServer served = DigitServer.builder().bundledModels().port(0).start()) {
            Map<String, List<Double>> summary = new TreeMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (String page : List.of("site", "served")) {
                    URI uri = page.equals("site") ? files.uri() : served.uri();
                    files.clearLog();
                    JsonObject line = measure(page, uri, defaultModel, round);
                    if (page.equals("site")) {
                        line.addProperty("server_bytes_sent", files.bytesSent());
                        line.addProperty("site_bytes", site.bytes());
                        line.addProperty("site_bytes_gzipped", gzip);
                    }
                    System.out.println(line);
                    Files.writeString(output, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    for (String key : List.of("ready_ms", "models_ready_ms", "transfer_bytes", "pen_up_median_ms_default",
                            "pen_up_median_ms_teacher")) {
                        summary.computeIfAbsent(page + " " + key, k -> new ArrayList<>()).add(line.get(key).getAsDouble());
                    }
                }
            }
            summary.forEach((k, v) -> System.out.printf("%s: median %.1f of %s%n", k, DrawDigitBrowserTest.median(v), v));
        } finally {
            DataFiles.deleteTree(folder);
        }
    }

    private static JsonObject measure(String page, URI uri, String defaultModel, int round) throws IOException {
        StaticSiteBrowserTest.driver = StaticSiteBrowserTest.newDriver();
        try {
            var driver = StaticSiteBrowserTest.driver;
            driver.get(uri.toString());
            StaticSiteBrowserTest.penUps = 0;
            StaticSiteBrowserTest.waitFor().until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-models-ready"))
                    && d.findElement(By.id("model-row")).isDisplayed());
            var html = driver.findElement(By.tagName("html"));
            JsonObject line = new JsonObject();
            line.addProperty("page", page);
            line.addProperty("round", round);
            line.addProperty("backend", html.getDomAttribute("data-backend"));
            line.addProperty("ready_ms", Double.parseDouble(html.getDomAttribute("data-ready-ms")));
            line.addProperty("models_ready_ms", Double.parseDouble(html.getDomAttribute("data-models-ready-ms")));
            Object bytes = ((JavascriptExecutor) driver).executeScript("return performance.getEntriesByType('navigation')"
                    + ".concat(performance.getEntriesByType('resource')).reduce(function (s, e) { return s + e.transferSize; }, 0);");
            line.addProperty("transfer_bytes", ((Number) bytes).longValue());
            Object requests = ((JavascriptExecutor) driver).executeScript("return performance.getEntriesByType('resource').length + 1;");
            line.addProperty("requests", ((Number) requests).intValue());
            for (String model : List.of(defaultModel, "teacher")) {
                StaticSiteBrowserTest.selectModel(model);
                List<Double> samples = new ArrayList<>();
                double[][] placements = {{1.0, 0, 0}, {0.8, -6, 4}, {0.9, 6, -3}};
                for (double[] at : placements) {
                    for (Map.Entry<Integer, List<List<Point>>> digit : new TreeMap<>(DrawDigitBrowserTest.HAND_DRAWN).entrySet()) {
                        StaticSiteBrowserTest.draw(DrawDigitBrowserTest.transform(digit.getValue(), at[0], (int) at[1], (int) at[2]));
                        samples.add(StaticSiteBrowserTest.awaitFinalAnswer());
                        StaticSiteBrowserTest.clearCanvas();
                    }
                }
                String key = model.equals("teacher") ? "teacher" : "default";
                line.addProperty("model_" + key, model);
                line.addProperty("pen_up_median_ms_" + key, DrawDigitBrowserTest.median(samples));
                JsonArray all = new JsonArray();
                samples.forEach(all::add);
                line.add("pen_up_ms_" + key, all);
            }
            line.addProperty("chromium", String.valueOf(((org.openqa.selenium.HasCapabilities) driver).getCapabilities().getBrowserVersion()));
            return line;
        } finally {
            StaticSiteBrowserTest.driver.quit();
            DataFiles.deleteTree(StaticSiteBrowserTest.profile);
        }
    }

    /** What the folder would weigh served gzip-compressed, as most static hosts serve it. */
    private static long gzipBytes(Path folder) throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                try (OutputStream gz = new GZIPOutputStream(buffer)) {
                    Files.copy(p, gz);
                }
                total += buffer.size();
            }
        }
        return total;
    }
}
