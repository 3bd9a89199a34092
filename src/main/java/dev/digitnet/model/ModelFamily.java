package dev.digitnet.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DigitNet family: the teacher of the model card and smaller students built from the same
 * block design (same depths, kernel, expansion and head), narrower at every stage. Students are
 * what {@code digitnet distill} trains from the teacher.
 */
public final class ModelFamily {

    /** The model card's network, the distillation teacher. */
    public static final String TEACHER = "teacher";

    private static final List<Integer> CARD_DEPTHS = List.of(1, 1, 3, 1);

    /** Name → stage widths, smallest student first; all share the card's depths 1-1-3-1. */
    private static final Map<String, List<Integer>> STUDENTS = new LinkedHashMap<>();

    static {
        STUDENTS.put("xs", List.of(4, 8, 16, 32));
        STUDENTS.put("sm", List.of(8, 16, 32, 64));
        STUDENTS.put("md", List.of(12, 24, 48, 96));
        STUDENTS.put("lg", List.of(16, 32, 64, 128));
    }

    private ModelFamily() {}

    /** Every name: the teacher, then the students smallest first. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(TEACHER);
        names.addAll(STUDENTS.keySet());
        return names;
    }

    /** The students' names, smallest first. */
    public static List<String> studentNames() {
        return List.copyOf(STUDENTS.keySet());
    }

    public static boolean isName(String name) {
        return TEACHER.equals(name) || STUDENTS.containsKey(name);
    }

    /**
     * The architecture for a family name ({@code teacher}, {@code xs}, {@code sm}, {@code md},
     * {@code lg}) or an explicit {@code WIDTHS[:DEPTHS]} such as {@code 8/16/32/64} or
     * {@code 8/16/32/64:1-1-2-1} (depths default to the card's 1-1-3-1).
     *
     * @throws IllegalArgumentException for an unknown name or a malformed specification
     */
    public static DigitNetConfig config(String spec) {
        DigitNetConfig card = DigitNetConfig.modelCard();
        if (TEACHER.equals(spec)) {
            return card;
        }
        List<Integer> widths = STUDENTS.get(spec);
        List<Integer> depths = CARD_DEPTHS;
        if (widths == null) {
            if (spec == null || !spec.matches("\\d{1,5}(/\\d{1,5})*(:\\d{1,5}(-\\d{1,5})*)?")) {
                throw new IllegalArgumentException("unknown model '" + spec + "': use one of " + String.join(", ", names())
                        + ", or explicit widths and depths such as 8/16/32/64:1-1-3-1");
            }
            String[] parts = spec.split(":");
            widths = numbers(parts[0], "/");
            if (parts.length > 1) {
                depths = numbers(parts[1], "-");
            }
        }
        return new DigitNetConfig(card.inputSize(), widths, depths, card.kernelSize(), card.expansion(),
                card.hiddenUnits(), card.dropout(), card.classes());
    }

    private static List<Integer> numbers(String text, String separator) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(separator)) {
            values.add(Integer.parseInt(part));
        }
        return values;
    }
}
