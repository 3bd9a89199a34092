package dev.digitnet.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DigitNet family: the teacher of the model card and the students {@code digitnet distill}
 * trains from it, one per parameter budget. The students are plain 3×3 convolution + BatchNorm
 * stacks ({@link ConvNetConfig}), as the best published small MNIST networks are, chosen over the
 * card's blocks narrowed to the same budgets by the measurements in docs/distillation.md. Widths
 * are multiples of 16 (8 in the first stage): libtorch's CPU convolution kernels were seen to
 * train other widths into NaN.
 */
public final class ModelFamily {

    /** The model card's network, the distillation teacher. */
    public static final String TEACHER = "teacher";

    /** What {@link #config} accepts, for command-line help. */
    public static final String SPEC_HELP = "teacher; a student: xs, sm, md (bundled) or lg; a convolutional design such as "
            + "conv:8/16/32 or conv:16/32/64:1-2-2 (WIDTHS[:DEPTHS], two convolutions a stage by default); or the card's "
            + "blocks at other widths such as 8/16/32/64:1-1-3-1";

    private static final List<Integer> CARD_DEPTHS = List.of(1, 1, 3, 1);

    /** Name → design, smallest first. */
    private static final Map<String, Architecture> STUDENTS = new LinkedHashMap<>();

    /** Name → what a bundled student must reach (issue targets; asserted by the tests). */
    private static final Map<String, Budget> BUDGETS = new LinkedHashMap<>();

    static {
        STUDENTS.put("xs", conv(List.of(8, 16, 32), List.of(2, 2, 2)));
        STUDENTS.put("sm", conv(List.of(16, 32, 64), List.of(2, 2, 2)));
        STUDENTS.put("md", conv(List.of(16, 32, 96), List.of(2, 2, 2)));
        STUDENTS.put("lg", conv(List.of(32, 64, 128), List.of(2, 2, 2)));
        BUDGETS.put("xs", new Budget(25_000, 0.994, 0.985, 0.2, 6));
        BUDGETS.put("sm", new Budget(75_000, 0.995, 0.990, 0.35, 3));
        BUDGETS.put("md", new Budget(150_000, 0.996, 0.992, 0.5, 2));
    }

    /**
     * A student's budget and the figures it is meant to reach.
     *
     * @param maxParameters parameters at most
     * @param cleanTop1 clean MNIST test top-1 at least
     * @param augmentedTop1 augmented MNIST test top-1 at least
     * @param batch1Ms batch-1 latency on one thread, ONNX Runtime, at most (milliseconds)
     * @param evalSpeedup evaluation images/s at least this many times the teacher's
     */
    public record Budget(long maxParameters, double cleanTop1, double augmentedTop1, double batch1Ms, double evalSpeedup) {}

    private static ConvNetConfig conv(List<Integer> widths, List<Integer> depths) {
        DigitNetConfig card = DigitNetConfig.modelCard();
        return new ConvNetConfig(card.inputSize(), widths, depths, 3, 0f, card.classes());
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

    /** The budget of a named student, if it has one. */
    public static Optional<Budget> budget(String name) {
        return java.util.Optional.ofNullable(BUDGETS.get(name));
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
            return conv(widths, depths);
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
