package io.alertrelay.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders the shipped nginx files (deploy/nginx/nginx.conf and alert-relay.conf) for a test: only addresses and
 * paths change (loopback ports, the relays' ports, a test certificate, files inside the test's folder, no
 * {@code user} switch), every other line is the shipped one. Each change must find exactly the line it expects,
 * so a reshaped shipped file fails here, loudly, instead of being tested half-rendered.
 */
public final class NginxSite {

    /** The shipped files, from relay-core/ (where Maven runs tests) or from the repository root. */
    public static Path shippedDir() {
        for (Path p : List.of(Path.of("../deploy/nginx"), Path.of("deploy/nginx"))) {
            if (Files.isRegularFile(p.resolve("alert-relay.conf")))
                return p.toAbsolutePath().normalize();
        }
        throw new IllegalStateException(
                "deploy/nginx/alert-relay.conf not found from " + Path.of("").toAbsolutePath());
    }

    /** Where a rendered site lives, and the ports it listens on. */
    public record Rendered(Path dir, Path mainConf, int httpsPort, int httpPort) {}

    private NginxSite() {}

    /**
     * Writes {@code dir/nginx.conf} and {@code dir/conf.d/alert-relay.conf}.
     *
     * @param cert the certificate chain and key (PEM) the HTTPS server uses
     */
    public static Rendered render(
            Path dir, List<Integer> upstreamPorts, int httpsPort, int httpPort, Path cert, Path key)
            throws IOException {
        if (upstreamPorts.isEmpty()) throw new IllegalArgumentException("nginx needs at least one relay port");
        Path shipped = shippedDir();
        Files.createDirectories(dir.resolve("conf.d"));
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("tmp"));

        String main = Files.readString(shipped.resolve("nginx.conf"));
        main = once(main, "(?m)^user\\s+[^;]+;\\n", "# user: not switched, the test runs nginx as whoever runs it\n");
        main = once(main, "(?m)^pid\\s+[^;]+;", "pid " + dir.resolve("nginx.pid") + ";");
        // notice: the log then shows each reload and each worker that starts or exits
        main = once(main, "(?m)^error_log\\s+[^;]+;", "error_log " + dir.resolve("logs/error.log") + " notice;");
        main = once(
                main, "(?m)^([ \\t]*)access_log[ \\t]+[^;]+;", "$1access_log " + dir.resolve("logs/access.log") + ";");
        String temp = List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi").stream()
                .map(t -> "    " + t + "_temp_path " + dir.resolve("tmp/" + t) + ";\n")
                .collect(Collectors.joining());
        main = once(
                main,
                "(?m)^[ \\t]*include[ \\t]+/etc/nginx/conf\\.d/\\*\\.conf;",
                Matcher.quoteReplacement(temp + "    include " + dir.resolve("conf.d") + "/*.conf;"));

        String site = Files.readString(shipped.resolve("alert-relay.conf"));
        site = upstreams(site, upstreamPorts);
        site = once(site, "(?m)^([ \\t]*)listen 80;", "$1listen 127.0.0.1:" + httpPort + ";");
        site = once(site, "(?m)^([ \\t]*)listen 443 ssl;", "$1listen 127.0.0.1:" + httpsPort + " ssl;");
        site = times(site, "(?m)^[ \\t]*listen \\[::\\]:[0-9]+[^;]*;\\n", "", 2); // IPv6 may be off in a container
        site = once(site, "(?m)^([ \\t]*)ssl_certificate[ \\t]+[^;]+;", "$1ssl_certificate " + cert + ";");
        site = once(site, "(?m)^([ \\t]*)ssl_certificate_key[ \\t]+[^;]+;", "$1ssl_certificate_key " + key + ";");

        Path mainConf = dir.resolve("nginx.conf");
        Files.writeString(mainConf, main);
        Files.writeString(dir.resolve("conf.d/alert-relay.conf"), site);
        return new Rendered(dir, mainConf, httpsPort, httpPort);
    }

    /** Replaces the upstream's server lines with one per port, each keeping the shipped line's parameters. */
    private static String upstreams(String site, List<Integer> ports) {
        Matcher block = Pattern.compile("(?s)upstream alert_relay \\{.*?\\n}").matcher(site);
        if (!block.find()) throw reshaped("an 'upstream alert_relay { ... }' block");
        Pattern line = Pattern.compile("(?m)^([ \\t]*)server[ \\t]+[^\\s;]+([ \\t][^;\\n]*)?;\\n");
        String block0 = block.group();
        Matcher first = line.matcher(block0);
        if (!first.find()) throw reshaped("server lines in upstream alert_relay");
        String indent = first.group(1);
        String params = first.group(2) == null ? "" : first.group(2);
        String servers = ports.stream()
                .map(p -> indent + "server 127.0.0.1:" + p + params + ";\n")
                .collect(Collectors.joining());
        // the shipped servers out, the test's in where the first one was
        String body = block0.substring(0, first.start())
                + servers
                + line.matcher(block0.substring(first.start())).replaceAll("");
        return site.substring(0, block.start()) + body + site.substring(block.end());
    }

    private static String once(String text, String regex, String replacement) {
        return times(text, regex, replacement, 1);
    }

    private static String times(String text, String regex, String replacement, int expected) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int found = 0;
        while (m.find()) found++;
        if (found != expected) throw reshaped(expected + " line(s) matching " + regex + " (found " + found + ")");
        return m.replaceAll(replacement);
    }

    private static IllegalStateException reshaped(String what) {
        return new IllegalStateException("the shipped deploy/nginx files no longer have " + what
                + ": update io.alertrelay.testing.NginxSite.render to match them");
    }
}
