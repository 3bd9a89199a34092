package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.data.IdxDataset;
import dev.digitnet.data.MnistStore;
import dev.digitnet.data.photos.PhotoBenchmark;
import dev.digitnet.data.photos.PhotoStyle;
import dev.digitnet.input.DigitInput;
import dev.digitnet.input.ModelInput;
import dev.digitnet.model.ProbabilityModel;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.serve.DigitServer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one input path: the same picture gives the same model input through the CLI ({@code predict
 * --debug-input}), the Java API ({@code DigitClassifier.classify(Path)}), an upload to the HTTP API
 * and, given that input's 28×28 as JSON pixels, the pixels route. Over HTTP the input is not sent
 * back whole, so a stand-in model answers with probabilities that are a function of every input
 * pixel (random weights): equal answers there mean equal inputs.
 */
class OneInputPathTest {

    private static final int SIDE = ModelInput.MNIST_SIZE;
    private static final int INPUT = ModelInput.MODEL_SIZE * ModelInput.MODEL_SIZE;
    private static final int CLASSES = IdxDataset.MNIST.classes().size();

    @TempDir
    Path dir;

    /** Logits from fixed random weights over the 32×32 input: any change of the input shows. */
    static ProbabilityModel fingerprint() {
        float[][] weights = new float[CLASSES][INPUT];
        Random random = new Random(11);
        for (float[] row : weights) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian() * 0.2f;
            }
        }
        return new ProbabilityModel() {
            @Override
            public int inputSize() {
                return ModelInput.MODEL_SIZE;
            }

            @Override
            public float[][] logits(float[][] inputs) {
                float[][] out = new float[inputs.length][CLASSES];
                for (int n = 0; n < inputs.length; n++) {
                    for (int k = 0; k < CLASSES; k++) {
                        double s = 0;
                        for (int i = 0; i < INPUT; i++) {
                            s += weights[k][i] * inputs[n][i];
                        }
                        out[n][k] = (float) s;
                    }
                }
                return out;
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void cliJavaApiUploadAndPixelsGiveTheSameInput() throws Exception {
        // A photo of a digit on ruled paper (the benchmark's first "ruled" picture) and a clean drawing.
        PhotoBenchmark benchmark = new PhotoBenchmark(
                new MnistStore(MnistStore.defaultDirectory(), System.out::println).load().test(), PhotoBenchmark.DEFAULT_SEED);
        Path photo = dir.resolve("photo.jpg");
        Files.write(photo, benchmark.make(PhotoStyle.RULED, 0).jpeg());
        Path drawing = dir.resolve("drawing.png");
        Files.write(drawing, drawing());

        try (DigitClassifier classifier = DigitClassifier.create(OneInputPathTest::fingerprint, 1);
                DigitServer server = DigitServer.start(classifier, new JsonObject(), "127.0.0.1", 0)) {
            HttpClient http = HttpClient.newHttpClient();
            for (Path file : new Path[] {photo, drawing}) {
                // Java API.
                DigitClassifier.Classification api = classifier.classify(file);
                assertTrue(!api.empty(), file + " has a digit");
                // CLI: the exact 28×28 it gave the model.
                Path debug = dir.resolve("debug");
                CliRun cli = CliRun.run("predict", "--debug-input", debug.toString(), file.toString());
                assertEquals(0, cli.status(), cli.err());
                JsonObject written = JsonParser.parseString(
                        Files.readString(debug.resolve(file.getFileName() + ".input.json"))).getAsJsonObject();
                assertArrayEquals(api.input28(), floats(written.getAsJsonArray("image28")), file + ": CLI against Java API");
                assertArrayEquals(api.input32(), ModelInput.to32(floats(written.getAsJsonArray("image28"))));
                // HTTP upload.
                JsonObject upload = post(http, server.uri(), "image/" + (file.toString().endsWith("png") ? "png" : "jpeg"),
                        Files.readAllBytes(file));
                assertEquals(probabilities(api), probabilities(upload), file + ": upload against Java API");
                JsonArray preview = upload.getAsJsonArray("input28");
                for (int i = 0; i < SIDE * SIDE; i++) {
                    assertEquals(api.input28()[i], preview.get(i).getAsDouble(), 0.0005, file + ": preview pixel " + i);
                }
                // JSON pixels: the 28×28 the picture became, sent as numbers.
                StringBuilder json = new StringBuilder("{\"pixels\": [");
                for (int y = 0; y < SIDE; y++) {
                    json.append(y == 0 ? "[" : ", [");
                    for (int x = 0; x < SIDE; x++) {
                        json.append(x == 0 ? "" : ", ").append(Float.toString(api.input28()[y * SIDE + x]));
                    }
                    json.append(']');
                }
                json.append("]}");
                JsonObject pixels = post(http, server.uri(), "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
                assertEquals(probabilities(api), probabilities(pixels), file + ": pixels against Java API");
                assertArrayEquals(api.input32(), parseGrid(json.toString()).image32(), file + ": pixels' model input");
            }
        }
    }

    private static ModelInput parseGrid(String json) {
        JsonArray rows = JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("pixels");
        double[][] grid = new double[SIDE][SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                grid[y][x] = rows.get(y).getAsJsonArray().get(x).getAsDouble();
            }
        }
        return DigitInput.fromGrid28(grid);
    }

    private static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }

    /** The ten probabilities by digit, rounded as the HTTP API rounds them. */
    private static String probabilities(DigitClassifier.Classification c) {
        double[] p = new double[CLASSES];
        c.top(CLASSES).forEach(pr -> p[pr.digit()] = Math.round(pr.probability() * 1e6) / 1e6);
        return Arrays.toString(p);
    }

    private static String probabilities(JsonObject answer) {
        double[] p = new double[CLASSES];
        for (var e : answer.getAsJsonArray("predictions")) {
            JsonObject o = e.getAsJsonObject();
            p[o.get("digit").getAsInt()] = o.get("probability").getAsDouble();
        }
        return Arrays.toString(p);
    }

    private static JsonObject post(HttpClient http, URI base, String type, byte[] body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/predict?k=10&preview=true"))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** A 7 drawn as on the demo page: 336×336, white, a black round pen 28 pixels wide. */
    private static byte[] drawing() throws Exception {
        BufferedImage image = new BufferedImage(336, 336, BufferedImage.TYPE_4BYTE_ABGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 336, 336);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(28, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawPolyline(new int[] {80, 250, 140}, new int[] {70, 70, 280}, 3);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
