package dev.digitnet.data.photos;

import java.util.List;

/**
 * The kinds of photo in the benchmark: paper, pen, light, lines and camera. The first six were
 * looked at while the photo cleaning was tuned; the last four ({@link #heldOut()}) were not, and
 * are reported apart, so that their figures say how the cleaning does on photos it was not fitted to.
 */
public enum PhotoStyle {
    /** Printer paper, a ballpoint pen, gentle uneven light. */
    PLAIN("plain", false, "white or off-white paper, black or blue ballpoint, gentle light gradient, light noise"),
    /** A school notebook: faint blue ruled lines the digit sits on and crosses, a red margin. */
    RULED("ruled", false, "notebook paper: faint blue ruled lines (sometimes a red margin), ballpoint, "
            + "uneven light, sensor noise, JPEG 60-85, tilt"),
    /** Squared (graph) paper. */
    SQUARED("squared", false, "squared paper: a grey-blue grid, black pen, vignetting"),
    /** Pencil: grey, grainy, low contrast. */
    PENCIL("pencil", false, "graphite pencil, grainy and grey, on plain or ruled paper"),
    /** A hard shadow over part of the page (a hand or a phone). */
    SHADOW("shadow", false, "a hard-edged shadow across part of the page, often over the digit"),
    /** Little light: dark, noisy, soft. */
    DIM("dim", false, "low light: dark paper, strong sensor noise, soft focus, JPEG 60-75"),
    /** Held out: yellow legal pad with narrow lines, a double margin and a felt-tip marker. */
    LEGAL_PAD("legal-pad", true, "held out: yellow legal pad, narrow green-blue lines, double red margin, felt-tip marker"),
    /** Held out: the page does not fill the frame; a table shows at one or two sides. */
    DESK_EDGE("desk-edge", true, "held out: the page's edge in the frame, a dark table beyond it, its shadow, ruled lines"),
    /** Held out: dot-grid paper and a fine liner. */
    DOT_GRID("dot-grid", true, "held out: dot-grid paper, thin fine-liner strokes, cool light, vignetting"),
    /** Held out: a full-size phone photo (1,600-2,400 pixels), the digit small in it. */
    PHONE_BIG("phone-big", true, "held out: a large phone photo (1,600-2,400 px) with a small digit, "
            + "squared or ruled paper, camera blur, JPEG 75-90");

    private final String id;
    private final boolean heldOut;
    private final String description;

    PhotoStyle(String id, boolean heldOut, String description) {
        this.id = id;
        this.heldOut = heldOut;
        this.description = description;
    }

    /** The name used on the command line and in reports. */
    public String id() {
        return id;
    }

    /** Whether the style was kept out of tuning. */
    public boolean heldOut() {
        return heldOut;
    }

    public String description() {
        return description;
    }

    /** The styles tuned on, then the held-out ones. */
    public static List<PhotoStyle> all() {
        return List.of(values());
    }

    /** A style by its {@link #id()}. */
    public static PhotoStyle byId(String id) {
        for (PhotoStyle s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no photo style \"" + id + "\"; styles: "
                + String.join(", ", all().stream().map(PhotoStyle::id).toList()));
    }
}
