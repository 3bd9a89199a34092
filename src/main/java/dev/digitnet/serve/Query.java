package dev.digitnet.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's query parameters, decoded strictly, and the values the API reads from them. Not
 * Javalin's parsing: it drops a parameter whose percent-encoding is broken, so {@code ?k=%ZZ} would
 * be answered with the default k instead of a 400 like every other bad query value.
 */
final class Query {

    private final Map<String, List<String>> params;

    private Query(Map<String, List<String>> params) {
        this.params = params;
    }

    /**
     * Parses a raw query string ({@code null} for none) as HTML forms encode it: {@code &}
     * between parameters, {@code +} for a space, {@code %XX} for a byte of UTF-8.
     *
     * @throws ApiException 400 {@code bad_query} when a name or value is not valid percent-encoding
     */
    static Query parse(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return new Query(params);
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "bad_query", "the query is not valid percent-encoding at \"" + Requests.abbreviate(part)
                    + "\" (write a % as %25)");
        }
    }

    /** The parameter's first value, or {@code null} when it is absent. */
    String first(String name) {
        List<String> values = params.get(name);
        return values == null ? null : values.get(0);
    }

    /** {@code k}: {@link TopK#RULE}, or absent ({@code null}). Anything else is a 400, not ignored. */
    Integer k() {
        List<String> values = params.getOrDefault("k", List.of());
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() == 1) {
            var k = TopK.parse(values.get(0));
            if (k.isPresent()) {
                return k.getAsInt();
            }
        }
        throw new ApiException(400, "bad_query", "query parameter k must be " + TopK.RULE + ", got "
                + (values.size() == 1 ? "\"" + Requests.abbreviate(values.get(0)) + "\"" : values.size() + " values"));
    }

    /** {@code preview}: true/false/1/0, or absent (false). */
    boolean preview() {
        List<String> values = params.getOrDefault("preview", List.of());
        if (values.isEmpty()) {
            return false;
        }
        String p = values.get(0).toLowerCase(Locale.ROOT);
        if (values.size() == 1 && (p.equals("true") || p.equals("1") || p.equals("false") || p.equals("0"))) {
            return p.equals("true") || p.equals("1");
        }
        throw new ApiException(400, "bad_query", "query parameter preview must be true or false, got "
                + (values.size() == 1 ? "\"" + Requests.abbreviate(values.get(0)) + "\"" : values.size() + " values"));
    }
}
