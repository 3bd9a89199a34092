package dev.digitnet.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns DJL's parameter keys into PyTorch-style dotted names for the weight files.
 *
 * <p>DJL prefixes every child with its position, two digits or more ({@code
 * 02stage1.0_03expand_weight}, {@code 13head.2_weight}); named children keep their name, anonymous
 * ones (named after their class) become their index, so the keys above read {@code
 * stage1.0.expand.weight} and {@code head.2.weight}, like {@code state_dict} keys. A long layer list
 * has a hundred children or more; their three-digit positions are stripped whole.
 */
public final class ParameterNames {

    private static final Pattern SEGMENT = Pattern.compile("(\\d{2,})(\\D.*)");

    private ParameterNames() {}

    public static String readable(String djlKey) {
        String[] parts = djlKey.split("_");
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            Matcher m = SEGMENT.matcher(part);
            boolean isChild = i < parts.length - 1 && m.matches();
            String segment = part;
            if (isChild) {
                boolean anonymous = Character.isUpperCase(m.group(2).charAt(0));
                segment = anonymous ? String.valueOf(Integer.parseInt(m.group(1)) - 1) : m.group(2);
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(segment);
        }
        return name.toString();
    }
}
