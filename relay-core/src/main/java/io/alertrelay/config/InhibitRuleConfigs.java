package io.alertrelay.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Binds {@code alerts.inhibitRules} and {@code alerts.groupBy}. A rule needs at least one source and one target
 * matcher (Alertmanager accepts none, and then inhibits everything by everything: a typo, never a wish); a bad
 * rule is reported, not guessed at.
 */
final class InhibitRuleConfigs {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String EXAMPLE = "[{sourceMatchers: [alertname=\"HostDown\"], targetMatchers:"
            + " [severity=~\"warning|info\"], equal: [instance]}]";

    private InhibitRuleConfigs() {}

    static List<InhibitRuleConfig> bind(ObjectNode alerts, Binder b) {
        List<InhibitRuleConfig> rules = new ArrayList<>();
        List<JsonNode> items = b.list(alerts, "alerts.inhibitRules", EXAMPLE);
        for (int i = 0; i < items.size(); i++) {
            String at = "alerts.inhibitRules[" + i + "]";
            if (!(items.get(i) instanceof ObjectNode r)) {
                b.problems().at(at, Binder.show(items.get(i)) + " is not a rule; expected a mapping like " + EXAMPLE);
                continue;
            }
            b.checkKeys(r, at, ConfigKeys.INHIBIT_RULE_KEYS);
            List<String> source = strings(r, at + ".sourceMatchers", b, true);
            List<String> target = strings(r, at + ".targetMatchers", b, true);
            List<String> equal = labelNames(r, at + ".equal", b);
            if (source != null && target != null && equal != null) {
                rules.add(new InhibitRuleConfig(source, target, equal));
            }
        }
        return rules;
    }

    static List<String> groupBy(ObjectNode alerts, Binder b, List<String> dflt) {
        if (Binder.value(alerts, "alerts.groupBy") == null) return dflt;
        List<String> names = labelNames(alerts, "alerts.groupBy", b);
        return names == null ? dflt : names;
    }

    /** The strings of a list, or null after reporting a problem. */
    private static List<String> strings(ObjectNode obj, String path, Binder b, boolean required) {
        JsonNode node = Binder.value(obj, path);
        if (node == null || (node.isArray() && node.isEmpty())) {
            if (!required) return List.of();
            b.problems().at(path, "is missing; give at least one matcher, like alertname=\"HostDown\"");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : b.list(obj, path, "[alertname=\"HostDown\"]")) {
            if (!item.isTextual()) {
                b.problems()
                        .at(path, Binder.show(item) + " is not a matcher; expected text like alertname=\"HostDown\"");
                return null;
            }
            out.add(item.asText());
        }
        return node.isArray() ? out : null;
    }

    private static List<String> labelNames(ObjectNode obj, String path, Binder b) {
        List<String> names = strings(obj, path, b, false);
        if (names == null) return null;
        for (String n : names) {
            if (!LABEL_NAME.matcher(n).matches()) {
                b.problems()
                        .at(path, "\"" + n + "\" is not a label name; expected letters, digits and _, like instance");
                return null;
            }
        }
        return names;
    }
}
