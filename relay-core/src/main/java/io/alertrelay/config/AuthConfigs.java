package io.alertrelay.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alertrelay.auth.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds and checks {@code auth}: its tokens and allowed origins, with {@code auth.jwt} left to {@link JwtConfigs}.
 * A bad item is reported and dropped rather than guessed at, so one typo cannot widen who gets in.
 */
final class AuthConfigs {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern ORIGIN =
            Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*)://(\\[[0-9a-fA-F:.]+]|[^\\s/?#@:\\[\\]]+)(?::([0-9]{1,5}))?");
    private static final Pattern ORIGIN_WITH_PATH = Pattern.compile("(" + ORIGIN.pattern() + ")[/?#].*");
    private static final String ORIGIN_EXPECTED = "expected \"*\" or scheme://host[:port] with no path,"
            + " like \"https://alerts.example.com\" or \"http://localhost:8080\"";
    private static final String ROLES =
            String.join(", ", Arrays.stream(Role.values()).map(Role::wireName).toList());

    private AuthConfigs() {}

    /** Tokens, then origins, then JWT: the order their problems are listed in. */
    static AuthConfig bind(ObjectNode auth, Binder b) {
        return new AuthConfig(tokens(auth, b), origins(auth, b), JwtConfigs.bind(auth, b));
    }

    private static List<TokenConfig> tokens(ObjectNode auth, Binder b) {
        List<TokenConfig> tokens = new ArrayList<>();
        Map<String, String> nameAt = new HashMap<>();
        Map<String, String> hashAt = new HashMap<>();
        List<JsonNode> items = b.list(auth, "auth.tokens", "[{name: wall-1, role: viewer, sha256: \"<64 hex>\"}]");
        for (int i = 0; i < items.size(); i++) {
            String at = "auth.tokens[" + i + "]";
            if (!(items.get(i) instanceof ObjectNode t)) {
                b.problems()
                        .at(
                                at,
                                Binder.show(items.get(i)) + " is not a token; expected a mapping with "
                                        + String.join(", ", ConfigKeys.TOKEN_KEYS));
                continue;
            }
            b.checkKeys(t, at, ConfigKeys.TOKEN_KEYS);
            String name = required(t, at + ".name", b);
            String roleName = required(t, at + ".role", b);
            String hash = required(t, at + ".sha256", b);
            if (name != null && name.isBlank()) {
                b.problems().at(at + ".name", "the name is empty; every token needs a name, unique in auth.tokens");
                name = null;
            } else if (name != null && nameAt.containsKey(name)) {
                b.problems()
                        .at(
                                at + ".name",
                                "\"" + name + "\" is already the name of " + nameAt.get(name)
                                        + "; token names must be unique");
                name = null;
            }
            if (name != null) nameAt.put(name, at);
            Role role = null;
            if (roleName != null) {
                try {
                    role = Role.fromWireName(roleName);
                } catch (IllegalArgumentException e) {
                    b.problems()
                            .at(at + ".role", Binder.show(t.get("role")) + " is not a role; expected one of " + ROLES);
                }
            }
            if (hash != null && !HEX64.matcher(hash).matches()) {
                // The value is not repeated: a common slip is pasting the token itself here.
                b.problems()
                        .at(
                                at + ".sha256",
                                "the value (" + hash.length() + " characters) is not a SHA-256"
                                        + " hash; expected 64 hex characters,"
                                        + " the hex SHA-256 of the token (never the token itself)");
                hash = null;
            } else if (hash != null && hashAt.containsKey(hash.toLowerCase(Locale.ROOT))) {
                b.problems()
                        .at(
                                at + ".sha256",
                                "the same hash as " + hashAt.get(hash.toLowerCase(Locale.ROOT))
                                        + "; every token needs its own secret");
                hash = null;
            }
            if (hash != null) hashAt.put(hash.toLowerCase(Locale.ROOT), at);
            if (name != null && role != null && hash != null) {
                tokens.add(new TokenConfig(name, role, hash.toLowerCase(Locale.ROOT)));
            }
        }
        return tokens;
    }

    private static String required(ObjectNode token, String path, Binder b) {
        String value = b.text(token, path, null);
        if (value == null && Binder.value(token, path) == null) {
            b.problems().at(path, "missing; every token needs " + String.join(", ", ConfigKeys.TOKEN_KEYS));
        }
        return value;
    }

    private static List<String> origins(ObjectNode auth, Binder b) {
        List<String> origins = new ArrayList<>();
        List<JsonNode> items = b.list(auth, "auth.allowedOrigins", "[\"http://localhost:8080\"] or [\"*\"]");
        for (int i = 0; i < items.size(); i++) {
            String at = "auth.allowedOrigins[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isTextual()) {
                b.problems().at(at, Binder.show(item) + " is not an origin; " + ORIGIN_EXPECTED);
                continue;
            }
            String text = item.textValue().strip();
            Matcher m = ORIGIN.matcher(text);
            if (text.equals("*")) {
                origins.add(text);
            } else if (m.matches() && (m.group(3) == null || validPort(m.group(3)))) {
                origins.add(normalOrigin(m.group(1), m.group(2), m.group(3)));
            } else if (ORIGIN_WITH_PATH.matcher(text).matches()) {
                Matcher head = ORIGIN.matcher(text);
                head.lookingAt();
                b.problems()
                        .at(
                                at,
                                Binder.show(item) + " has a path; an origin is scheme://host[:port] with"
                                        + " nothing after it, like \"" + head.group() + "\"");
            } else {
                b.problems().at(at, Binder.show(item) + " is not an origin; " + ORIGIN_EXPECTED);
            }
        }
        return origins;
    }

    private static boolean validPort(String port) {
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65_535;
    }

    /** What a browser sends: scheme and host in lower case, the scheme's default port left out. */
    private static String normalOrigin(String scheme, String host, String port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        String origin = s + "://" + host.toLowerCase(Locale.ROOT);
        if (port == null) return origin;
        int p = Integer.parseInt(port);
        boolean defaultPort = s.equals("http") && p == 80 || s.equals("https") && p == 443;
        return defaultPort ? origin : origin + ":" + p;
    }
}
