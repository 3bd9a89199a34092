package dev.digitnet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.data.ood.Doodles;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's verdict beside the top-k, on the released teacher with its calibration and
 * not-a-digit head: a digit is a digit, a dot (one click on a page) is a solid blob, the issue's
 * doodles and held-out doodle kinds are not digits; the top-k is there either way.
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
     * The issue's examples, drawn with strokes as a person would (fixed before measuring, not
     * picked for being refused): a smiley, a star, a house, a heart, a zigzag and a #, which the
     * teacher read as 0 or 4 at 97-100 % before it had a not-a-digit check for drawings.
     */
    static final Map<String, int[][][]> ISSUE_DOODLES = Map.of(
            "smiley", new int[][][] {ring(140, 140, 90, 90), {{105, 110}}, {{175, 110}},
                {{90, 165}, {115, 195}, {140, 205}, {165, 195}, {190, 165}}},
            "star", new int[][][] {{{140, 40}, {199, 221}, {45, 110}, {235, 110}, {81, 221}, {140, 40}}},
            "house", new int[][][] {{{60, 120}, {60, 240}, {220, 240}, {220, 120}}, {{40, 130}, {140, 40}, {240, 130}}},
            "heart", new int[][][] {{{140, 240}, {60, 150}, {45, 100}, {70, 60}, {110, 60}, {140, 100}, {170, 60},
                {210, 60}, {235, 100}, {220, 150}, {140, 240}}},
            "zigzag", new int[][][] {{{30, 100}, {75, 180}, {120, 100}, {165, 180}, {210, 100}, {255, 180}}},
            "hash", new int[][][] {{{60, 105}, {220, 105}}, {{60, 175}, {220, 175}}, {{110, 50}, {100, 230}},
                {{180, 50}, {170, 230}}});

    /** A closed ring of 24 points. */
    private static int[][] ring(int cx, int cy, int rx, int ry) {
        int[][] points = new int[25][];
        for (int k = 0; k <= 24; k++) {
            double a = 2 * Math.PI * k / 24;
            points[k] = new int[] {(int) Math.round(cx + rx * Math.cos(a)), (int) Math.round(cy + ry * Math.sin(a))};
        }
        return points;
    }

    @Test
    void theIssuesDoodlesAreNotDigits() throws Exception {
        List<String> accepted = new java.util.ArrayList<>();
        for (Map.Entry<String, int[][][]> doodle : new java.util.TreeMap<>(ISSUE_DOODLES).entrySet()) {
            JsonObject answer = post(drawing(23, doodle.getValue()));
            String verdict = answer.getAsJsonObject("digit_check").get("verdict").getAsString();
            System.out.println("issue doodle " + doodle.getKey() + ": " + answer);
            if (answer.get("is_digit").getAsBoolean()) {
                accepted.add(doodle.getKey());
            } else {
                assertTrue(verdict.equals("not_digit") || verdict.equals("low_score"), doodle.getKey() + ": " + verdict);
            }
            assertEquals(3, answer.getAsJsonArray("predictions").size(), "the top-k is still given");
        }
        assertEquals(List.of(), accepted, "the issue's doodles accepted as digits");
    }

    /**
     * A fixed, seeded list of pen doodles of the kinds the gate never trained on (5 of each, on the
     * page's 336-pixel canvas, sent as PNG): at least 90 % are refused, the issue's target.
     */
    @Test
    void heldOutDoodlesAreRefusedOverTheApi() throws Exception {
        int perKind = 5;
        List<Doodles.Drawing> drawings = Doodles.drawings("api-test", 20_261_202L, Doodles.Split.HELD_OUT,
                perKind * Doodles.kinds(Doodles.Split.HELD_OUT).size());
        int refused = 0;
        List<String> accepted = new java.util.ArrayList<>();
        for (Doodles.Drawing d : drawings) {
            JsonObject answer = post(d.page());
            if (answer.get("is_digit").getAsBoolean()) {
                accepted.add(d.kind().id());
            } else {
                refused++;
            }
        }
        assertTrue(refused >= 0.9 * drawings.size(), refused + " of " + drawings.size() + " refused; accepted: " + accepted);
    }

    @Test
    void aBlankPictureIsNotADigitEither() throws Exception {
        JsonObject answer = post(drawing(23));
        assertTrue(answer.get("empty").getAsBoolean());
        assertFalse(answer.get("is_digit").getAsBoolean());
        assertEquals("blank", answer.getAsJsonObject("digit_check").get("verdict").getAsString());
    }
}
