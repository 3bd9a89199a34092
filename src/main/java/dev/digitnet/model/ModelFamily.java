package dev.digitnet.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DigitNet family: the teacher of the model card and the students {@code digitnet distill}
 * trains from it, one per parameter budget. The named students are the card's blocks narrowed at
 * every stage (what the bundled students are); {@link ConvNetConfig} designs (3×3 convolution +
 * BatchNorm stacks) are named by specification, {@code conv:8/16/32}, while they are trained and
 * compared against them (docs/distillation.md).
 */
public final class ModelFamily {

    /** The model card's network, the distillation teacher. */
    public static final String TEACHER = "teacher";

    private static final List<Integer> CARD_DEPTHS = List.of(1, 1, 3, 1);

    /** Name → design, smallest student first: the card's blocks at the widths of the bundled students. */
    private static final Map<String, Architecture> STUDENTS = new LinkedHashMap<>();

    static {
        STUDENTS.put("xs", narrowedCard(List.of(4, 8, 16, 32)));
        STUDENTS.put("sm", narrowedCard(List.of(8, 16, 32, 64)));
        STUDENTS.put("md", narrowedCard(List.of(12, 24, 48, 96)));
        STUDENTS.put("lg", narrowedCard(List.of(16, 32, 64, 128)));
    }

    private static DigitNetConfig narrowedCard(List<Integer> widths) {
        DigitNetConfig card = DigitNetConfig.modelCard();
        return new DigitNetConfig(card.inputSize(), widths, CARD_DEPTHS, card.kernelSize(), card.expansion(),
                card.hiddenUnits(), card.dropout(), card.classes());
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
     * The architecture for a family name ({@code teacher}, {@code xs}, {@code sm}, {@code md}), an
     * explicit convolutional student {@code conv:WIDTHS[:DEPTHS]} such as {@code conv:8/16/32:1-2-2}
     * (two convolutions a stage by default), or the card's blocks at other widths {@code
     * WIDTHS[:DEPTHS]} such as {@code 8/16/32/64:1-1-2-1} (depths default to the card's 1-1-3-1).
     *
     * @throws IllegalArgumentException for an unknown name or a malformed specification
     */
    public static Architecture config(String spec) {
        DigitNetConfig card = DigitNetConfig.modelCard();
        if (TEACHER.equals(spec)) {
            return card;
        }
        Architecture student = STUDENTS.get(spec);
        if (student != null) {
            return student;
        }
        if (spec != null && spec.matches("conv:\\d{1,5}(/\\d{1,5})*(:\\d{1,3}(-\\d{1,3})*)?")) {
            String[] parts = spec.substring("conv:".length()).split(":");
            List<Integer> widths = numbers(parts[0], "/");
            List<Integer> depths = parts.length > 1 ? numbers(parts[1], "-") : widths.stream().map(w -> 2).toList();
            return new ConvNetConfig(card.inputSize(), widths, depths, 3, 0f, card.classes());
        }
        if (spec == null || !spec.matches("\\d{1,5}(/\\d{1,5})*(:\\d{1,5}(-\\d{1,5})*)?")) {
            throw new IllegalArgumentException("unknown model '" + spec + "': use one of " + String.join(", ", names())
                    + ", conv:WIDTHS[:DEPTHS] such as conv:8/16/32:2-2-2, or the card's blocks at other widths such as 8/16/32/64:1-1-3-1");
        }
        String[] parts = spec.split(":");
        if (parts.length == 1) {
            return narrowedCard(numbers(parts[0], "/"));
        }
        return new DigitNetConfig(card.inputSize(), numbers(parts[0], "/"), numbers(parts[1], "-"), card.kernelSize(),
                card.expansion(), card.hiddenUnits(), card.dropout(), card.classes());
    }

    private static List<Integer> numbers(String text, String separator) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(separator)) {
            values.add(Integer.parseInt(part));
        }
        return values;
    }
}
