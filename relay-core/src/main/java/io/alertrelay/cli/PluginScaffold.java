package io.alertrelay.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Writes a complete plugin project outside this repository from the templates under {@code scaffold/} in the
 * relay's jar: a pom that imports the SDK's BOM, the descriptor, the zip packaging, a sample source or webhook
 * format, a unit test and an end-to-end test, and the Maven wrapper. {@code mvn verify} in it passes at once.
 */
public final class PluginScaffold {

    public enum Kind {
        SOURCE("source"),
        WEBHOOK_FORMAT("webhook-format");

        final String dir;

        Kind(String dir) {
            this.dir = dir;
        }

        public static Kind of(String s) {
            for (Kind k : values()) if (k.dir.equals(s)) return k;
            throw new IllegalArgumentException("--kind " + s + " is not a kind; use source or webhook-format");
        }
    }

    static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

    private PluginScaffold() {}

    /**
     * @param id   the plugin id: lower-case words joined with {@code -} ({@code cert-expiry})
     * @param pkg  the Java package, or null for {@code com.example.<id without dashes>}
     * @param into the project folder to create; it must not exist or be empty
     * @return the files written, relative to {@code into}
     */
    public static List<String> write(String id, Kind kind, String pkg, Path into) throws IOException {
        if (!ID.matcher(id).matches())
            throw new IllegalArgumentException("plugin id \"" + id + "\" must be lower-case letters and digits in"
                    + " words joined with '-', starting with a letter (for example cert-expiry)");
        if (pkg == null) pkg = "com.example." + id.replace("-", "");
        if (!PACKAGE.matcher(pkg).matches())
            throw new IllegalArgumentException("--package " + pkg + " is not a Java package name (com.example.x)");
        if (Files.exists(into) && (!Files.isDirectory(into) || isNotEmpty(into)))
            throw new IllegalArgumentException(into + " exists and is not an empty folder; choose another --dir");

        Properties versions = new Properties();
        try (InputStream in = resource("scaffold/versions.properties")) {
            versions.load(in);
        }
        String sdk = versions.getProperty("sdk.version");
        String[] parts = sdk.split("\\.");
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("@ID@", id);
        vars.put("@KIND@", kind == Kind.SOURCE ? "an event source" : "a webhook format");
        vars.put("@GROUP@", pkg.substring(0, pkg.lastIndexOf('.')));
        vars.put("@PACKAGE@", pkg);
        vars.put("@CLASS@", className(id));
        vars.put(
                "@DESCRIPTION@",
                kind == Kind.SOURCE
                        ? "Watches a spool folder (a sample source)"
                        : "Reads check webhooks (a sample format)");
        vars.put("@SDK_VERSION@", sdk);
        vars.put("@SDK_MAJOR_MINOR@", parts[0] + "." + parts[1]);
        vars.put("@SDK_NEXT_MAJOR@", String.valueOf(Integer.parseInt(parts[0]) + 1));
        vars.put("@JUNIT_VERSION@", versions.getProperty("junit.version"));
        vars.put("@AWAITILITY_VERSION@", versions.getProperty("awaitility.version"));
        vars.put("@CONFIG@", text(kind.dir + "/config.md.tmpl", vars).strip());

        String src = "src/main/java/" + pkg.replace('.', '/') + "/";
        String test = "src/test/java/" + pkg.replace('.', '/') + "/";
        String cls = vars.get("@CLASS@");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", "common/pom.xml.tmpl");
        files.put("README.md", "common/README.md.tmpl");
        files.put(".gitignore", "common/gitignore.tmpl");
        files.put("src/main/plugin/plugin.properties", "common/plugin.properties.tmpl");
        files.put("src/assembly/plugin-zip.xml", "common/plugin-zip.xml.tmpl");
        if (kind == Kind.SOURCE) {
            files.put(src + cls + "Source.java", "source/Source.java.tmpl");
            files.put(test + cls + "SourceTest.java", "source/SourceTest.java.tmpl");
        } else {
            files.put(src + cls + "Format.java", "webhook-format/Format.java.tmpl");
            files.put(test + cls + "FormatTest.java", "webhook-format/FormatTest.java.tmpl");
        }
        files.put(test + cls + "PluginIT.java", kind.dir + "/PluginIT.java.tmpl");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path out = into.resolve(f.getKey());
            Files.createDirectories(out.getParent());
            Files.writeString(out, text(f.getValue(), vars));
        }
        copy("scaffold/wrapper/mvnw", into.resolve("mvnw"));
        copy(
                "scaffold/wrapper/.mvn/wrapper/maven-wrapper.properties",
                into.resolve(".mvn/wrapper/maven-wrapper.properties"));
        try {
            Files.setPosixFilePermissions(into.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: run it with sh mvnw
        }
        List<String> written = new java.util.ArrayList<>(files.keySet());
        written.add("mvnw");
        written.add(".mvn/wrapper/maven-wrapper.properties");
        return written;
    }

    /** {@code cert-expiry} -> {@code CertExpiry}. */
    static String className(String id) {
        StringBuilder out = new StringBuilder();
        for (String w : id.split("-"))
            out.append(w.substring(0, 1).toUpperCase(Locale.ROOT)).append(w.substring(1));
        return Character.isDigit(out.charAt(0)) ? "P" + out : out.toString();
    }

    private static boolean isNotEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    private static String text(String template, Map<String, String> vars) throws IOException {
        String s;
        try (InputStream in = resource("scaffold/" + template)) {
            s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> v : vars.entrySet()) s = s.replace(v.getKey(), v.getValue());
        return s;
    }

    private static void copy(String resource, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = resource(resource)) {
            Files.copy(in, to);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = PluginScaffold.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new UncheckedIOException(new IOException("the relay jar lacks " + name));
        return in;
    }
}
