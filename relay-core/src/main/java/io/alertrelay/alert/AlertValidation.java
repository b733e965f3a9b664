package io.alertrelay.alert;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks an incoming alert before it reaches the state, so that a bad push is refused with a reason (HTTP 400
 * naming the first bad alert) instead of becoming an alert nobody can match, silence or tell apart.
 * The rules are Alertmanager's for postable alerts, minus the ones our types already enforce (no null names
 * or values), plus one: every name and value, annotations included, must be valid Unicode. Alertmanager reads a
 * lone surrogate as U+FFFD, which makes different label values one alert; the relay refuses it instead
 * ({@link Unicode}). Every way in (POST /api/v2/alerts, webhooks, plugin signals) checks here.
 */
public final class AlertValidation {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String NOT_FFFD = ": send text as UTF-8, and a JSON \\uD800-\\uDBFF escape only with the"
            + " \\uDC00-\\uDFFF one after it; the relay does not read it as U+FFFD, which would make different"
            + " values one alert";

    private AlertValidation() {}

    /**
     * The first problem with the alert, phrased to follow "alert N " (e.g. "has no labels: ..."), or empty when
     * it may be ingested. Labels are checked in name order, so the same alert always gets the same answer.
     */
    public static Optional<String> problem(PostableAlert alert) {
        if (alert == null || alert.labels() == null || alert.labels().isEmpty()) {
            return Optional.of("has no labels: an alert needs at least one label, usually alertname");
        }
        for (Map.Entry<String, String> label : new TreeMap<>(alert.labels()).entrySet()) {
            String badName = Unicode.problem(label.getKey());
            if (badName != null) {
                return Optional.of("has a label name that is " + badName + ": a label name is [a-zA-Z_][a-zA-Z0-9_]*");
            }
            if (!LABEL_NAME.matcher(label.getKey()).matches()) {
                return Optional.of(
                        "has an invalid label name '" + label.getKey() + "': a label name is [a-zA-Z_][a-zA-Z0-9_]*");
            }
            if (label.getValue().isEmpty()) {
                return Optional.of("has label '" + label.getKey() + "' with an empty value: drop the label instead");
            }
            String badValue = Unicode.problem(label.getValue());
            if (badValue != null) {
                return Optional.of("has label '" + label.getKey() + "' whose value is " + badValue + NOT_FFFD);
            }
        }
        Optional<String> annotation = annotationProblem(alert.annotations());
        if (annotation.isPresent()) return annotation;
        if (alert.generatorURL() != null && !isWebAddress(alert.generatorURL())) {
            return Optional.of("has a generatorURL that is not an http(s) address of at most " + MAX_URL
                    + " characters: send the link to the rule's graph, or leave generatorURL out");
        }
        if (alert.startsAt() != null
                && alert.endsAt() != null
                && alert.startsAt().isAfter(alert.endsAt())) {
            return Optional.of("has startsAt " + alert.startsAt() + " after endsAt " + alert.endsAt()
                    + ": an alert cannot end before it starts");
        }
        return Optional.empty();
    }

    /** The longest generatorURL kept: Prometheus's graph links are a few hundred characters. */
    static final int MAX_URL = 2048;

    private static boolean isWebAddress(String url) {
        if (url.length() > MAX_URL || Unicode.problem(url) != null) return false;
        try {
            java.net.URI u = new java.net.URI(url);
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Optional<String> annotationProblem(Map<String, String> annotations) {
        boolean any = false;
        for (Map.Entry<String, String> a : annotations.entrySet()) {
            any |= Unicode.loneSurrogateAt(a.getKey()) >= 0 || Unicode.loneSurrogateAt(a.getValue()) >= 0;
        }
        if (!any) return Optional.empty(); // the usual case, without sorting on every push
        for (Map.Entry<String, String> a : new TreeMap<>(annotations).entrySet()) {
            String badName = Unicode.problem(a.getKey());
            if (badName != null) return Optional.of("has an annotation name that is " + badName + NOT_FFFD);
            String badValue = Unicode.problem(a.getValue());
            if (badValue != null) {
                return Optional.of("has annotation '" + a.getKey() + "' whose value is " + badValue + NOT_FFFD);
            }
        }
        return Optional.empty();
    }
}
