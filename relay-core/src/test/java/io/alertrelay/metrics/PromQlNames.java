package io.alertrelay.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana {@code label_values(...)} query) reads. Enough PromQL
 * for dashboard expressions: label matchers, ranges, strings, grouping clauses and function names are taken
 * out, and what is left that looks like a name is a metric name.
 */
final class PromQlNames {

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern CLAUSES =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w$.:])[a-zA-Z_:][\\w:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "inf",
            "nan");

    private PromQlNames() {}

    static Set<String> of(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher lv = LABEL_VALUES.matcher(expr);
        if (lv.find()) {
            names.add(lv.group(1));
            return names;
        }
        String s = STRINGS.matcher(expr).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        s = CLAUSES.matcher(s).replaceAll(" ");
        Matcher m = NAME.matcher(s);
        while (m.find()) {
            String name = m.group();
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) after++;
            boolean function = after < s.length() && s.charAt(after) == '(';
            if (!function && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) names.add(name);
        }
        return names;
    }
}
