package io.alertrelay.rule;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small template language of rule labels and annotations, modelled on Prometheus alerting rules:
 * {@code {{ $labels.mountpoint }}}, {@code {{ $value }}}, {@code {{ $value | percent }}} (0.934 -> 93.4%),
 * {@code {{ $value | humanize }}} (1234567 -> 1.23M), and {@code {{ $reason }}}: the reason the latest sample gave
 * for its value ({@code Sample.reason}, API 1.2; empty when it gave none, and in count rules). Anything else between braces is an error at load time,
 * so a typo stops start-up instead of showing up on the wall.
 */
public final class Templates {

    private static final Pattern EXPR = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern LABEL = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");
    private static final String REASON = "$reason";
    private static final Pattern VALUE = Pattern.compile("\\$value(?:\\s*\\|\\s*(percent|humanize))?");

    private Templates() {}

    /** Checks a template; returns null when fine, else what is wrong. */
    public static String problem(String template) {
        Matcher m = EXPR.matcher(template);
        while (m.find()) {
            String e = m.group(1);
            if (!LABEL.matcher(e).matches() && !VALUE.matcher(e).matches() && !e.equals(REASON)) {
                return "unknown template expression {{ " + e + " }}: use {{ $labels.NAME }}, {{ $value }}, "
                        + "{{ $value | percent }}, {{ $value | humanize }} or {{ $reason }}";
            }
        }
        if (template.contains("{{") && !EXPR.matcher(template).find()) return "unclosed {{ in \"" + template + "\"";
        return null;
    }

    public static String render(String template, Map<String, String> labels, double value) {
        return render(template, labels, value, null);
    }

    /** @param reason what {@code {{ $reason }}} renders; null renders nothing */
    public static String render(String template, Map<String, String> labels, double value, String reason) {
        if (!template.contains("{{")) return template;
        Matcher m = EXPR.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            Matcher l = LABEL.matcher(e);
            String replacement;
            if (l.matches()) {
                replacement = labels.getOrDefault(l.group(1), "");
            } else if (e.equals(REASON)) {
                replacement = reason == null ? "" : reason;
            } else {
                Matcher v = VALUE.matcher(e);
                replacement = v.matches() ? formatValue(value, v.group(1)) : m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String formatValue(double value, String filter) {
        if ("percent".equals(filter)) return trim(value * 100) + "%";
        if ("humanize".equals(filter)) return humanize(value);
        return trim(value);
    }

    private static String humanize(double v) {
        double a = Math.abs(v);
        String[] units = {"", "k", "M", "G", "T", "P"};
        int i = 0;
        while (a >= 1000 && i < units.length - 1) {
            a /= 1000;
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, i == 0 ? "%.4g" : "%.3g", v).replaceAll("\\.?0+$", "") + units[i];
    }

    private static String trim(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.4g", v)
                .replaceAll("(\\.[0-9]*?)0+$", "$1")
                .replaceAll("\\.$", "");
    }
}
