package org.chorale.it.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL lexing to list the metric names an expression selects: everything that is an identifier
 * and not a function, an aggregation, a keyword, a label name or text inside a string, selector or range.
 */
public final class PromQl {
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern TOKEN = Pattern.compile(
            "(?<number>0x[0-9a-fA-F]+|\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?[a-zA-Z]*)|(?<ident>[a-zA-Z_:][a-zA-Z0-9_:]*)");

    private PromQl() {}

    public static Set<String> metricNames(String expr) {
        String text = STRING.matcher(expr).replaceAll("\"\"");
        // "sum by (le) (x)" becomes "sum  (x)": the aggregation then reads as a function call
        text = GROUPING.matcher(text).replaceAll(" ");
        text = removeBracketed(text, '{', '}');
        text = removeBracketed(text, '[', ']');
        Set<String> names = new TreeSet<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String ident = m.group("ident");
            if (ident == null || KEYWORDS.contains(ident.toLowerCase())) {
                continue;
            }
            if (!nextNonSpaceIs(text, m.end(), '(')) {
                names.add(ident);
            }
        }
        return names;
    }

    private static boolean nextNonSpaceIs(String text, int from, char wanted) {
        for (int i = from; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return text.charAt(i) == wanted;
            }
        }
        return false;
    }

    /** Drops the contents of every open..close span (strings are already blanked, so no nesting tricks). */
    private static String removeBracketed(String text, char open, char close) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == open) {
                depth++;
            } else if (c == close && depth > 0) {
                depth--;
                out.append(' ');
            } else if (depth == 0) {
                out.append(c);
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced " + open + close + " in: " + text);
        }
        return out.toString();
    }
}
