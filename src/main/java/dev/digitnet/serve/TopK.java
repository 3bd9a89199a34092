package dev.digitnet.serve;

import java.math.BigDecimal;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * How many predictions a request asks for ({@code k}), written in the query ({@code ?k=3}) or the
 * JSON body ({@code "k": 3}): the one place that says what a valid k is. Each caller turns a
 * refusal into its own error code.
 */
final class TopK {

    /** The most predictions one answer holds: one per digit. */
    static final int MAX = 10;
    /** What a valid k is, for error messages. */
    static final String RULE = "one whole number from 1 to " + MAX;

    /** Decimal digits, optionally a fraction and an exponent: no sign, no spaces (a JSON number's form, less the minus). */
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private TopK() {}

    /** The k that {@code text} writes ({@code 3}, or {@code 3.0} as JSON may), or empty unless it is {@link #RULE}. */
    static OptionalInt parse(String text) {
        if (text == null || !NUMBER.matcher(text).matches()) {
            return OptionalInt.empty();
        }
        BigDecimal v;
        try {
            v = new BigDecimal(text);
        } catch (NumberFormatException e) { // an exponent beyond int
            return OptionalInt.empty();
        }
        // Range first: a huge exponent would make the whole-number test expensive.
        if (v.compareTo(BigDecimal.ONE) < 0 || v.compareTo(BigDecimal.valueOf(MAX)) > 0
                || v.stripTrailingZeros().scale() > 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(v.intValueExact());
    }
}
