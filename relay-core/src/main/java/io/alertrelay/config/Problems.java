package io.alertrelay.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects config problems as operator-ready lines, each saying where the bad value came from: the
 * file, or the environment variable that set it.
 */
final class Problems {

    private final String file;
    private final Map<String, String> envOrigins = new HashMap<>();
    private final List<String> lines = new ArrayList<>();

    /** @param file the config file as the user named it, or null when there is none */
    Problems(String file) {
        this.file = file;
    }

    /** Remembers that the value at {@code path} (and everything under it) came from {@code envVar}. */
    void setFromEnv(String path, String envVar) {
        envOrigins.put(path, envVar);
    }

    /** "config error in WHERE at PATH: MESSAGE". */
    void at(String path, String message) {
        lines.add(prefix(path) + " at " + path + ": " + message);
    }

    /** "config error in WHERE: MESSAGE", for problems that are about a key rather than a value. */
    void about(String path, String message) {
        lines.add(prefix(path) + ": " + message);
    }

    /** A problem with one environment variable as a whole. */
    void inEnv(String envVar, String message) {
        lines.add("config error in environment variable " + envVar + ": " + message);
    }

    /** A problem with the file as a whole. */
    void inFile(String message) {
        lines.add("config error in " + file + ": " + message);
    }

    void throwIfAny() {
        if (!lines.isEmpty()) throw new ConfigException(lines);
    }

    private String prefix(String path) {
        String env = envOrigin(path);
        if (env != null) return "config error in environment variable " + env;
        return file != null ? "config error in " + file : "config error";
    }

    /** The variable that set {@code path} or the nearest key above it, like auth.tokens[1].role -> auth.tokens. */
    private String envOrigin(String path) {
        String p = path;
        while (true) {
            String env = envOrigins.get(p);
            if (env != null) return env;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) return null;
            p = p.substring(0, cut);
        }
    }
}
