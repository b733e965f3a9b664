package io.alertrelay.plugin.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The config file {@link RunningRelay} writes: JSON, which the relay reads as the YAML it is. */
final class RelayConfigText {

    private RelayConfigText() {}

    static String of(Path dataDir, String adminToken, String ingestToken, Map<String, Object> pluginSections) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("server", Map.of("host", "127.0.0.1", "port", 0));
        cfg.put("dataDir", dataDir.toAbsolutePath().toString());
        cfg.put(
                "auth",
                Map.of(
                        "tokens",
                        List.of(
                                Map.of("name", "testkit-admin", "role", "admin", "sha256", sha256Hex(adminToken)),
                                Map.of("name", "testkit-ingest", "role", "ingest", "sha256", sha256Hex(ingestToken)))));
        Map<String, Object> plugins = new LinkedHashMap<>(pluginSections);
        plugins.put("dir", dataDir.resolve("plugins").toAbsolutePath().toString());
        cfg.put("plugins", plugins);
        StringBuilder out = new StringBuilder();
        write(cfg, out);
        return out.append('\n').toString();
    }

    /** The relay jar: the {@code relay.jar} system property, else {@code RELAY_JAR}; an error says how to set it. */
    static Path relayJar() {
        String p = System.getProperty("relay.jar");
        if (p == null || p.isBlank()) p = System.getenv("RELAY_JAR");
        if (p == null || p.isBlank()) {
            throw new IllegalStateException("no relay jar: set the system property relay.jar (the project that"
                    + " './relay plugin new' writes copies io.alertrelay:relay-core:server into target/relay/ and sets"
                    + " it for the integration tests) or the environment variable RELAY_JAR to the relay's jar");
        }
        Path jar = Path.of(p);
        if (!Files.isRegularFile(jar))
            throw new IllegalStateException("relay.jar " + jar.toAbsolutePath() + " is not a file");
        return jar;
    }

    static String sha256Hex(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static void write(Object v, StringBuilder out) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) out.append(',');
                first = false;
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (v instanceof Iterable<?> l) {
            out.append('[');
            boolean first = true;
            for (Object o : l) {
                if (!first) out.append(',');
                first = false;
                write(o, out);
            }
            out.append(']');
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else {
            string(v.toString(), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        out.append('"');
    }
}
