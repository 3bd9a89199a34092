package dev.digitnet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.predict.TestDigits;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's verdict beside the top-k, on the released teacher with its calibration: a digit is a
 * digit, a dot (one click on a page) is a solid blob, letter-like shapes are not digits;
 * the top-k is there either way.
 */
class NotADigitApiTest {

    private static DigitClassifier classifier;
    private static DigitServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        DigitNetModel model = DigitNetModel.loadBundled();
        classifier = DigitClassifier.create(model::newProbabilityModel, 1, model, Calibration.of(model.card()));
        server = DigitServer.start(classifier, model.card(), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        classifier.close();
    }

    private static JsonObject post(BufferedImage image) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("/api/predict?k=3"))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestDigits.encode(image, "png"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    /** Black ink on white, as the page draws: a pen of width {@code pen} through the given strokes. */
    private static BufferedImage drawing(int pen, int[][]... strokes) {
        BufferedImage image = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 280, 280);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new java.awt.BasicStroke(pen, java.awt.BasicStroke.CAP_ROUND, java.awt.BasicStroke.JOIN_ROUND));
        for (int[][] stroke : strokes) {
            if (stroke.length == 1) {
                g.fillOval(stroke[0][0] - pen / 2, stroke[0][1] - pen / 2, pen, pen);
            }
            for (int i = 1; i < stroke.length; i++) {
                g.drawLine(stroke[i - 1][0], stroke[i - 1][1], stroke[i][0], stroke[i][1]);
            }
        }
        g.dispose();
        return image;
    }

    @Test
    void aDigitIsADigit() throws Exception {
        JsonObject answer = post(TestDigits.image(TestDigits.SEVEN, 200, false));
        assertTrue(answer.get("is_digit").getAsBoolean(), answer.toString());
        assertEquals("accepted", answer.getAsJsonObject("digit_check").get("verdict").getAsString());
        assertEquals(7, answer.getAsJsonArray("predictions").get(0).getAsJsonObject().get("digit").getAsInt());
    }

    @Test
    void aSingleClickIsNotADigitButItsReadingIsStillThere() throws Exception {
        JsonObject answer = post(drawing(23, new int[][] {{140, 140}}));
        assertFalse(answer.get("is_digit").getAsBoolean(), answer.toString());
        JsonObject check = answer.getAsJsonObject("digit_check");
        assertEquals("solid_blob", check.get("verdict").getAsString());
        assertTrue(check.get("thickness").getAsDouble() > check.get("max_thickness").getAsDouble(), check.toString());
        assertEquals(3, answer.getAsJsonArray("predictions").size(), "the top-k is still given");
    }

    /**
     * Letters drawn with strokes: an E, an M and a smiley are refused for their low energy. (Not
     * every shape is: an H, an A, an X or a # read as a confident 4 and pass; docs/trust.md.)
     */
    @Test
    void letterLikeShapesAreNotDigits() throws Exception {
        int[][][][] shapes = {
            {{{200, 50}, {80, 50}, {80, 230}, {200, 230}}, {{80, 140}, {180, 140}}},
            {{{50, 230}, {70, 50}, {140, 170}, {210, 50}, {230, 230}}},
            {{{100, 100}}, {{180, 100}}, {{80, 170}, {110, 200}, {140, 210}, {170, 200}, {200, 170}}}};
        for (int[][][] shape : shapes) {
            JsonObject answer = post(drawing(23, shape));
            assertFalse(answer.get("is_digit").getAsBoolean(), answer.toString());
            assertEquals("low_score", answer.getAsJsonObject("digit_check").get("verdict").getAsString());
            assertEquals(3, answer.getAsJsonArray("predictions").size(), "the top-k is still given");
        }
    }

    @Test
    void aBlankPictureIsNotADigitEither() throws Exception {
        JsonObject answer = post(drawing(23));
        assertTrue(answer.get("empty").getAsBoolean());
        assertFalse(answer.get("is_digit").getAsBoolean());
        assertEquals("blank", answer.getAsJsonObject("digit_check").get("verdict").getAsString());
    }
}
