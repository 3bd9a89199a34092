package dev.digitnet.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.digitnet.data.photos.PhotoStyle;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The photo benchmark's figures, per style and for the tuned and held-out styles together: top-1
 * (the network's reading, whatever the verdict), the share refused as not a digit (blank
 * included), the share read right and accepted, and the share the input path took for photos;
 * and, when photos of things that are not digits were scored too, the share of them accepted as
 * digits, per group (such as the doodle kinds trained against and those held out) and per kind.
 */
public final class PhotoReport {

    /** Counts for one style. */
    public static final class Tally {
        int pictures, correct, refused, correctAccepted, photoRoute;

        public int pictures() {
            return pictures;
        }

        public double top1() {
            return share(correct);
        }

        public double refused() {
            return share(refused);
        }

        public double correctAndAccepted() {
            return share(correctAccepted);
        }

        public double photoRoute() {
            return share(photoRoute);
        }

        private double share(int k) {
            return pictures == 0 ? Double.NaN : (double) k / pictures;
        }

        void add(Tally t) {
            pictures += t.pictures;
            correct += t.correct;
            refused += t.refused;
            correctAccepted += t.correctAccepted;
            photoRoute += t.photoRoute;
        }

        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("pictures", pictures);
            o.addProperty("top1", round(top1()));
            o.addProperty("refused", round(refused()));
            o.addProperty("correct_and_accepted", round(correctAndAccepted()));
            o.addProperty("photo_route", round(photoRoute()));
            return o;
        }
    }

    private final Map<PhotoStyle, Tally> styles = new EnumMap<>(PhotoStyle.class);
    /** Non-digits: group (in the order first seen) → kind (alphabetical) → {pictures, accepted}. */
    private final Map<String, Map<String, int[]>> nonDigits = new java.util.LinkedHashMap<>();
    private final long seed;

    public PhotoReport(long seed) {
        this.seed = seed;
    }

    /** Counts one picture. */
    public synchronized void add(PhotoStyle style, boolean correct, boolean refused, boolean photoRoute) {
        Tally t = styles.computeIfAbsent(style, s -> new Tally());
        t.pictures++;
        t.correct += correct ? 1 : 0;
        t.refused += refused ? 1 : 0;
        t.correctAccepted += correct && !refused ? 1 : 0;
        t.photoRoute += photoRoute ? 1 : 0;
    }

    /** Counts one photographed picture that is not a digit, of a kind within a group. */
    public synchronized void addNonDigit(String group, String kind, boolean accepted) {
        int[] t = nonDigits.computeIfAbsent(group, g -> new java.util.TreeMap<>()).computeIfAbsent(kind, k -> new int[2]);
        t[0]++;
        t[1] += accepted ? 1 : 0;
    }

    /** The share of a group's non-digits accepted as digits (NaN when none was counted). */
    public synchronized double nonDigitsAccepted(String group) {
        int[] sum = sum(nonDigits.getOrDefault(group, Map.of()));
        return sum[0] == 0 ? Double.NaN : (double) sum[1] / sum[0];
    }

    private static int[] sum(Map<String, int[]> kinds) {
        int[] sum = new int[2];
        kinds.values().forEach(t -> {
            sum[0] += t[0];
            sum[1] += t[1];
        });
        return sum;
    }

    public synchronized Tally style(PhotoStyle style) {
        return styles.getOrDefault(style, new Tally());
    }

    /** All styles kept out of tuning ({@code heldOut}) or all tuned on, together. */
    public synchronized Tally together(boolean heldOut) {
        Tally all = new Tally();
        styles.forEach((s, t) -> {
            if (s.heldOut() == heldOut) {
                all.add(t);
            }
        });
        return all;
    }

    public synchronized Tally overall() {
        Tally all = new Tally();
        styles.values().forEach(all::add);
        return all;
    }

    public synchronized String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-11s %-9s %8s %7s %8s %10s %7s%n", "style", "", "pictures", "top-1",
                "refused", "right+ok", "photo"));
        for (boolean heldOut : new boolean[] {false, true}) {
            for (PhotoStyle s : List.of(PhotoStyle.values())) {
                if (s.heldOut() == heldOut && styles.containsKey(s)) {
                    b.append(line(s.id(), heldOut ? "held out" : "tuned", styles.get(s)));
                }
            }
            Tally t = together(heldOut);
            if (t.pictures > 0) {
                b.append(line(heldOut ? "HELD OUT" : "TUNED", "together", t));
            }
        }
        b.append(line("ALL", "", overall()));
        b.append("(seed ").append(seed).append("; refused: not a digit or blank; right+ok: read right and accepted; "
                + "photo: share cleaned as a photo)\n");
        if (!nonDigits.isEmpty()) {
            b.append("Not digits, photographed the same way: share accepted as a digit\n");
            nonDigits.forEach((group, kinds) -> {
                int[] sum = sum(kinds);
                b.append(String.format(Locale.ROOT, "%-21s %8d %6.1f%%  ", group, sum[0], 100.0 * sum[1] / sum[0]));
                kinds.forEach((kind, t) -> b.append(String.format(Locale.ROOT, " %s %.0f%%", kind, 100.0 * t[1] / t[0])));
                b.append('\n');
            });
        }
        return b.toString();
    }

    private static String line(String name, String kind, Tally t) {
        return String.format(Locale.ROOT, "%-11s %-9s %8d %6.1f%% %7.1f%% %9.1f%% %6.1f%%%n", name, kind, t.pictures,
                100 * t.top1(), 100 * t.refused(), 100 * t.correctAndAccepted(), 100 * t.photoRoute());
    }

    public synchronized JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("seed", seed);
        JsonArray list = new JsonArray();
        styles.forEach((s, t) -> {
            JsonObject e = t.toJson();
            e.addProperty("style", s.id());
            e.addProperty("held_out", s.heldOut());
            list.add(e);
        });
        o.add("styles", list);
        o.add("tuned", together(false).toJson());
        o.add("held_out", together(true).toJson());
        o.add("all", overall().toJson());
        if (!nonDigits.isEmpty()) {
            JsonObject groups = new JsonObject();
            nonDigits.forEach((group, kinds) -> {
                int[] sum = sum(kinds);
                JsonObject g = new JsonObject();
                g.addProperty("pictures", sum[0]);
                g.addProperty("accepted", round((double) sum[1] / sum[0]));
                JsonObject perKind = new JsonObject();
                kinds.forEach((kind, t) -> perKind.addProperty(kind, round((double) t[1] / t[0])));
                g.add("accepted_per_kind", perKind);
                groups.add(group, g);
            });
            o.add("not_digits", groups);
        }
        return o;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
