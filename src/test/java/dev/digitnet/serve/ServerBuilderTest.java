package dev.digitnet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.runtime.InferenceEngine;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server assembled from model references by its builder: starts, answers, stops and closes what it opened. */
class ServerBuilderTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> predict(URI server, String query) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.resolve("/api/predict" + query)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(SampleDigit.png())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aServerOfTwoBundledModelsAnswersOnItsEnginesAndClosesTheirClassifiersWhenItStops() throws Exception {
        DigitServer server = DigitServer.builder().model("xs").model("teacher").engine(InferenceEngine.PYTORCH)
                .predictors(2).port(0).start();
        URI uri = server.uri();
        DigitClassifier xs;
        try (server) {
            assertEquals(Set.of(InferenceEngine.PYTORCH), server.engines());
            assertEquals("xs", server.models().defaultModel().name(), "the first model added is the default");
            xs = server.models().get("xs").classifier();
            assertEquals(2, xs.poolSize());
            assertTrue(xs.calibration().calibrated(), "the classifier answers with the model card's calibration");

            HttpResponse<String> teacher = predict(uri, "?model=teacher");
            assertEquals(200, teacher.statusCode(), teacher.body());
            JsonObject answer = JsonParser.parseString(teacher.body()).getAsJsonObject();
            assertEquals("teacher", answer.get("model").getAsString());
            assertEquals(7, answer.getAsJsonArray("predictions").get(0).getAsJsonObject().get("digit").getAsInt(),
                    teacher.body());
            assertEquals(200, predict(uri, "").statusCode(), "the default model answers too");
        }
        assertThrows(ConnectException.class, () -> predict(uri, ""), "stopped listening");
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> xs.classifyGrid28(seven()));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void withoutAnEngineEachModelGetsTheServingDefault() throws Exception {
        try (DigitServer server = DigitServer.builder().model("xs").predictors(1).port(0).warmUp(false).start()) {
            assertEquals(Set.of(InferenceEngine.ONNXRUNTIME), server.engines());
            assertEquals(200, predict(server.uri(), "").statusCode());
        }
    }

    @Test
    void badSettingsAreRefusedInOneLineBeforeAnythingStarts(@TempDir Path dir) {
        assertEquals("a server needs at least one model: add one with model(...) or bundledModels()",
                assertThrows(IllegalArgumentException.class, () -> DigitServer.builder().port(0).start()).getMessage());
        assertEquals("port must be from 0 to 65535, got 70000",
                assertThrows(IllegalArgumentException.class, () -> DigitServer.builder().port(70_000)).getMessage());
        assertEquals("predictors must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> DigitServer.builder().predictors(0)).getMessage());
        IllegalArgumentException cors = assertThrows(IllegalArgumentException.class,
                () -> DigitServer.builder().corsOrigin("http://localhost:3000/path"));
        assertTrue(cors.getMessage().contains("no path"), cors.getMessage());
        IOException missing = assertThrows(IOException.class,
                () -> DigitServer.builder().model(dir.resolve("no-model").toString()).port(0).start());
        assertTrue(missing.getMessage().contains("no-model"), missing.getMessage());
    }

    /** A 28×28 grid with a stroke: anything the classifier would accept if it were open. */
    private static double[][] seven() {
        double[][] grid = new double[28][28];
        for (int x = 6; x < 22; x++) {
            grid[6][x] = 1;
        }
        for (int y = 6; y < 24; y++) {
            grid[y][21 - (y - 6) / 3] = 1;
        }
        return grid;
    }
}
