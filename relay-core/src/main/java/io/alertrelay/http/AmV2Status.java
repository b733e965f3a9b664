package io.alertrelay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.alertrelay.alert.InhibitRule;
import io.alertrelay.alert.Matcher;
import io.alertrelay.command.Operations;
import io.alertrelay.config.AlertsConfig;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v2/status}: a cluster that is always {@code ready} (one peer, this relay, as a one-node
 * Alertmanager cluster reports itself), the relay's version, when it started, and as {@code config.original} the
 * part of its configuration Alertmanager has words for: one route to the one receiver, grouped by
 * {@code alerts.groupBy}, and {@code alerts.inhibitRules} as {@code inhibit_rules} ({@code amtool check-config}
 * accepts it).
 *
 * @param version   the relay's version
 * @param startedAt when the relay started ({@code uptime} in Alertmanager's words)
 * @param original  the configuration as Alertmanager YAML
 */
record AmV2Status(String version, Instant startedAt, String original) {

    static AmV2Status of(String version, Instant startedAt, AlertsConfig alerts) {
        return new AmV2Status(version, startedAt, yaml(alerts));
    }

    /** The answer; {@code self} names this relay as its cluster's peer (the address the request came in on). */
    byte[] render(String self) {
        return AmV2Json.write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("cluster");
            g.writeStringField("name", self);
            g.writeStringField("status", "ready");
            g.writeArrayFieldStart("peers");
            g.writeStartObject();
            g.writeStringField("name", self);
            g.writeStringField("address", self);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart("versionInfo");
            g.writeStringField("version", version);
            g.writeStringField("revision", "");
            g.writeStringField("branch", "");
            g.writeStringField("buildUser", "alert-relay");
            g.writeStringField("buildDate", "");
            // a client that reads this field learns what actually runs: no Go, a JVM
            g.writeStringField("goVersion", "none (java " + Runtime.version().feature() + ")");
            g.writeEndObject();
            g.writeObjectFieldStart("config");
            g.writeStringField("original", original);
            g.writeEndObject();
            g.writeStringField("uptime", startedAt.toString());
            g.writeEndObject();
        });
    }

    /** The Alertmanager configuration the relay's grouping and inhibition rules amount to. */
    static String yaml(AlertsConfig alerts) {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode root = yaml.createObjectNode();
        ObjectNode route = root.putObject("route");
        route.put("receiver", Operations.RECEIVER);
        ArrayNode groupBy = route.putArray("group_by");
        alerts.groupBy().forEach(groupBy::add);
        root.putArray("receivers").addObject().put("name", Operations.RECEIVER);
        ArrayNode rules = root.putArray("inhibit_rules");
        // parsed again for the canonical text of each matcher, which Alertmanager's parser reads back
        for (InhibitRule r : InhibitRule.parse(alerts.inhibitRules())) {
            ObjectNode rule = rules.addObject();
            matchers(rule.putArray("source_matchers"), r.sourceMatchers());
            matchers(rule.putArray("target_matchers"), r.targetMatchers());
            ArrayNode equal = rule.putArray("equal");
            r.equal().forEach(equal::add);
        }
        try {
            return "# alert-relay: one receiver (the wall and its clients), no notification routes;"
                    + " alerts.groupBy and alerts.inhibitRules in Alertmanager's words\n"
                    + yaml.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void matchers(ArrayNode out, List<Matcher> matchers) {
        for (Matcher m : matchers) out.add(m.toString());
    }
}
