package dev.digitnet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.predict.FakeModels;
import dev.digitnet.predict.TestDigits;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several models behind one server: listed, chosen per request with ?model=, named in each answer. */
class ServedModelsTest {

    private static DigitClassifier big;
    private static DigitClassifier small;
    private static DigitServer server;
    private static HttpClient http;
    private static byte[] png;

    private static JsonObject card(long parameters, double cleanTop1) {
        JsonObject card = new JsonObject();
        card.addProperty("parameters", parameters);
        JsonObject evaluation = new JsonObject();
        evaluation.addProperty("clean_top1", cleanTop1);
        card.add("evaluation", evaluation);
        return card;
    }

    @BeforeAll
    static void start() {
        big = DigitClassifier.create(FakeModels::shape, 1);
        float[] four = new float[10];
        four[4] = 1;
        small = DigitClassifier.create(() -> FakeModels.fixed(four), 1);
        server = DigitServer.start(new ServedModels(List.of(
                new ServedModels.Entry("teacher", big, card(531_888, 0.9958)),
                new ServedModels.Entry("xs", small, card(24_788, 0.98)))), "127.0.0.1", 0);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        png = TestDigits.png(TestDigits.ONE, 280, false);
    }

    @AfterAll
    static void stop() {
        server.close();
        big.close();
        small.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> predict(String query) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.uri().resolve("/api/predict" + query))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png)));
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    @Test
    void theModelListNamesEachModelWithItsSizeAndAccuracyTheFirstBeingTheDefault() throws Exception {
        JsonObject list = json(send(HttpRequest.newBuilder(server.uri().resolve("/api/models"))));
        assertEquals("teacher", list.get("default").getAsString());
        JsonArray models = list.getAsJsonArray("models");
        assertEquals(2, models.size());
        assertEquals("xs", models.get(1).getAsJsonObject().get("name").getAsString());
        assertEquals(24_788, models.get(1).getAsJsonObject().get("parameters").getAsLong());
        assertEquals(0.98, models.get(1).getAsJsonObject().get("clean_top1").getAsDouble(), 1e-9);
    }

    @Test
    void eachRequestIsAnsweredByTheModelItNamesOrByTheDefault() throws Exception {
        JsonObject byDefault = json(predict(""));
        assertEquals("teacher", byDefault.get("model").getAsString());
        assertEquals(1, byDefault.getAsJsonArray("predictions").get(0).getAsJsonObject().get("digit").getAsInt());
        JsonObject byXs = json(predict("?model=xs&k=1"));
        assertEquals("xs", byXs.get("model").getAsString());
        assertEquals(4, byXs.getAsJsonArray("predictions").get(0).getAsJsonObject().get("digit").getAsInt());
        assertEquals(1, byXs.getAsJsonArray("predictions").size());
    }

    @Test
    void anUnknownModelIsAJsonErrorNamingTheServedOnes() throws Exception {
        HttpResponse<String> response = predict("?model=huge");
        assertEquals(400, response.statusCode());
        String error = json(response).get("message").getAsString();
        assertTrue(error.contains("huge") && error.contains("teacher, xs"), error);
        assertEquals("bad_request", json(response).get("error").getAsString());
        assertEquals(400, send(HttpRequest.newBuilder(server.uri().resolve("/api/model?name=huge"))).statusCode());
    }

    @Test
    void eachModelsCardIsServedByName() throws Exception {
        JsonObject card = json(send(HttpRequest.newBuilder(server.uri().resolve("/api/model?name=xs"))));
        assertEquals(24_788, card.get("parameters").getAsLong());
        JsonObject teacher = json(send(HttpRequest.newBuilder(server.uri().resolve("/api/model"))));
        assertEquals(531_888, teacher.get("parameters").getAsLong());
    }

    @Test
    void namesMustBeUniqueAndAtLeastOneModelServed() {
        assertThrows(IllegalArgumentException.class, () -> new ServedModels(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ServedModels(List.of(
                new ServedModels.Entry("a", big, new JsonObject()), new ServedModels.Entry("a", small, new JsonObject()))));
    }
}
