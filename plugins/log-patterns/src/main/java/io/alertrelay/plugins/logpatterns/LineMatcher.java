package io.alertrelay.plugins.logpatterns;

import io.alertrelay.plugin.api.Match;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches lines against the patterns of one {@code files} entry (one thread at a time). A pattern matches when its
 * regex is found
 * anywhere in the line (like grep; anchor it with {@code ^} and {@code $} to match whole lines); each pattern that
 * matches gives one {@link Match} named after it, with the labels {@code file} (the file's path), {@code instance}
 * (the relay's host name) and one per named group that took part in the match (a group of the same name wins).
 * Empty group values are left out (a label cannot be empty). Everything taken from the file (the line, the group
 * values, the file's name) is made {@link SafeText safe} before it leaves: escaped, and cut at
 * {@value SafeText#MAX_LABEL_CHARS} characters for a label value and {@value SafeText#MAX_LINE_CHARS} for the
 * line, which is the match text.
 */
final class LineMatcher {

    // (?<name> opens a named group unless its ( is escaped (an odd number of backslashes before it);
    // look-behinds (?<= and (?<! do not match [a-zA-Z]
    private static final Pattern GROUP_NAME = Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private record Compiled(String name, Pattern regex, List<String> groups) {}

    private final List<Compiled> patterns;
    private final String instance;

    LineMatcher(List<LogPatternsConfig.PatternSpec> specs, String instance) {
        this.instance = instance;
        this.patterns = specs.stream()
                .map(s -> new Compiled(s.name(), s.regex(), new ArrayList<>(groupNames(s.regex()))))
                .toList();
    }

    /**
     * The names of the named groups a regex seems to have, in order (Java 17 has no public API for them). A name
     * found inside a character class or a quote is not a group; {@link #match} drops it on first use.
     */
    static List<String> groupNames(Pattern regex) {
        List<String> names = new ArrayList<>();
        Matcher m = GROUP_NAME.matcher(regex.pattern());
        while (m.find()) {
            if (!names.contains(m.group(1))) names.add(m.group(1));
        }
        return names;
    }

    /** The matches of one line; empty when no pattern matches. */
    List<Match> match(Path file, String line, Instant at) {
        List<Match> out = null;
        for (Compiled p : patterns) {
            Matcher m = p.regex().matcher(line);
            if (!m.find()) continue;
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("file", SafeText.path(file.toString()));
            labels.put("instance", instance);
            for (Iterator<String> it = p.groups().iterator(); it.hasNext(); ) {
                String g = it.next();
                String v;
                try {
                    v = m.group(g);
                } catch (IllegalArgumentException notAGroup) {
                    it.remove();
                    continue;
                }
                if (v != null && !v.isEmpty()) labels.put(g, SafeText.label(v));
            }
            if (out == null) out = new ArrayList<>(1);
            out.add(new Match(p.name(), labels, SafeText.line(line), at));
        }
        return out == null ? List.of() : out;
    }
}
