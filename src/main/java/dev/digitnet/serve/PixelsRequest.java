package dev.digitnet.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.digitnet.data.IdxDataset;
import java.io.IOException;
import java.io.StringReader;
import java.util.OptionalInt;

/**
 * The JSON form of {@code POST /api/predict}: {@code {"pixels": [[28 numbers] × 28], "k": 3}}
 * (a flat array of 784 numbers is accepted too), values in [0, 1] or [0, 255]. Parsing is strict:
 * anything else is a 400 with a message saying what is wrong.
 */
record PixelsRequest(double[][] pixels, Integer k) {

    private static final int SIDE = IdxDataset.MNIST.side();

    static PixelsRequest parse(String body) {
        JsonElement root;
        try (JsonReader reader = new JsonReader(new StringReader(body))) {
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ApiException(400, "invalid_json", "invalid JSON: unexpected data after the JSON value");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new ApiException(400, "invalid_json", "invalid JSON: " + clean(e));
        }
        if (!root.isJsonObject()) {
            throw new ApiException(400, "bad_pixels", "expected a JSON object like {\"pixels\": [[28 numbers] × 28]}");
        }
        JsonObject object = root.getAsJsonObject();
        JsonElement pixels = object.get("pixels");
        if (pixels == null || pixels.isJsonNull()) {
            throw new ApiException(400, "bad_pixels", "missing \"pixels\": send {\"pixels\": [[28 numbers] × 28]}");
        }
        return new PixelsRequest(grid(pixels), k(object.get("k")));
    }

    private static double[][] grid(JsonElement pixels) {
        if (!pixels.isJsonArray()) {
            throw new ApiException(400, "bad_pixels", "\"pixels\" must be an array of 28 rows of 28 numbers");
        }
        JsonArray rows = pixels.getAsJsonArray();
        double[][] grid = new double[SIDE][SIDE];
        if (rows.size() == SIDE * SIDE && rows.get(0).isJsonPrimitive()) {
            for (int i = 0; i < rows.size(); i++) {
                grid[i / SIDE][i % SIDE] = number(rows.get(i), "pixels[" + i + "]");
            }
            return grid;
        }
        if (rows.size() != SIDE) {
            throw new ApiException(400, "bad_pixels", "\"pixels\" must be 28 rows of 28 numbers (or 784 numbers), got "
                    + rows.size() + (rows.size() == 1 ? " row" : " rows"));
        }
        for (int y = 0; y < SIDE; y++) {
            JsonElement row = rows.get(y);
            if (!row.isJsonArray()) {
                throw new ApiException(400, "bad_pixels", "pixels[" + y + "] must be an array of 28 numbers");
            }
            JsonArray values = row.getAsJsonArray();
            if (values.size() != SIDE) {
                throw new ApiException(400, "bad_pixels", "\"pixels\" must be 28 rows of 28 numbers; row " + y + " has "
                        + values.size());
            }
            for (int x = 0; x < SIDE; x++) {
                grid[y][x] = number(values.get(x), "pixels[" + y + "][" + x + "]");
            }
        }
        return grid;
    }

    private static double number(JsonElement e, String where) {
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            double v = p.getAsDouble();
            if (!Double.isFinite(v) || v < 0 || v > 255) {
                throw new ApiException(400, "bad_pixels", where + " = " + p + " is outside [0, 1] (or [0, 255])");
            }
            return v;
        }
        throw new ApiException(400, "bad_pixels", where + " is not a number: " + abbreviate(String.valueOf(e)));
    }

    private static Integer k(JsonElement k) {
        if (k == null || k.isJsonNull()) {
            return null;
        }
        if (k instanceof JsonPrimitive p && p.isNumber()) {
            // The number as written (3, 3.0), read by the same rule as the query's k.
            OptionalInt v = TopK.parse(p.getAsString());
            if (v.isPresent()) {
                return v.getAsInt();
            }
        }
        throw new ApiException(400, "bad_k", "\"k\" must be " + TopK.RULE + ", got " + abbreviate(String.valueOf(k)));
    }

    /** Gson's message without its advice and class names: what is wrong, and where. */
    static String clean(Exception e) {
        String m = String.valueOf(e.getMessage());
        java.util.regex.Matcher where = java.util.regex.Pattern.compile("line (\\d+) column (\\d+)").matcher(m);
        String at = where.find() ? " at line " + where.group(1) + " column " + where.group(2) : "";
        boolean ended = e instanceof java.io.EOFException || e.getCause() instanceof java.io.EOFException
                || m.contains("End of input");
        if (ended) {
            return "the JSON ends too early" + at;
        }
        if (m.contains("malformed JSON") || m.contains("Expected") || m.contains("Unterminated")) {
            return "malformed JSON" + at;
        }
        return "malformed JSON" + (at.isEmpty() ? ": " + abbreviate(m.replaceAll("\\s+", " ")) : at);
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
