package io.alertrelay.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogTextTest {

    /** Characters a client could use to end a line, hide text or break a field, and some that must stay. */
    private static final char[] TRICKY = {
        '"', '\\', '\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\u200b',
        '\ufeff', '\ud800', '\udbff', '\udc00', '\udfff', 'a', ' ', '=', 'é', '€', '?', '/', '-'
    };

    @Test
    void quotedTextHasNoLineBreakOrControlAndReadsBackExactly() {
        Random random = new Random(12);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) b.append(TRICKY[random.nextInt(TRICKY.length)]);
            String s = b.toString();
            String q = LogText.quote(s);
            assertThat(q)
                    .as("quote of %s", escapeForMessage(s))
                    .startsWith("\"")
                    .endsWith("\"")
                    .doesNotContainPattern("[\\p{Cntrl}\u0085\u2028\u2029\u202e\u200b\ufeff]");
            assertThat(q.substring(1, q.length() - 1))
                    .as("an unescaped quote inside")
                    .doesNotContainPattern("(?<!\\\\)(\\\\\\\\)*\"");
            assertThat(hasLoneSurrogate(q))
                    .as("lone surrogate left in %s", escapeForMessage(q))
                    .isFalse();
            assertThat(LogText.unquote(q)).isEqualTo(s);
            String v = LogText.value(s);
            assertThat(LogText.unquote(v)).isEqualTo(s);
            assertThat(v.equals(s) || v.equals(q)).isTrue();
            String line = LogText.oneLine(s);
            assertThat(line).doesNotContainPattern("[\\p{Cntrl}\u0085\u2028\u2029]");
            assertThat(hasLoneSurrogate(line)).isFalse();
        }
    }

    @Test
    void plainNamesStayBareAndEverythingElseIsQuoted() {
        assertThat(LogText.value("wall-1")).isEqualTo("wall-1");
        assertThat(LogText.value("56da101bab2dea4c")).isEqualTo("56da101bab2dea4c");
        assertThat(LogText.value("alice@example.org")).isEqualTo("alice@example.org");
        assertThat(LogText.value("a b")).isEqualTo("\"a b\"");
        assertThat(LogText.value("x role=admin")).isEqualTo("\"x role=admin\"");
        assertThat(LogText.value("")).isEqualTo("\"\"");
        assertThat(LogText.value(null)).isEqualTo("-");
        assertThat(LogText.quote("bye \"now\"\n")).isEqualTo("\"bye \\\"now\\\"\\n\"");
        assertThat(LogText.quote("\ud800x\u2028")).isEqualTo("\"\\ud800x\\u2028\"");
        assertThat(LogText.quote("😀 é")).as("pairs and printable text stay").isEqualTo("\"😀 é\"");
    }

    @Test
    void longStringsAreCutWithACount() {
        String q = LogText.quote("x".repeat(65_536));
        assertThat(q)
                .isEqualTo("\"" + "x".repeat(LogText.MAX_CHARS) + "…[+" + (65_536 - LogText.MAX_CHARS) + " chars]\"");
        // never between the halves of a pair
        String pairs = LogText.quote("a" + "😀".repeat(150));
        assertThat(hasLoneSurrogate(pairs)).isFalse();
        assertThat(LogText.value("a".repeat(201))).startsWith("\"");
    }

    @Test
    void oneLineChangesNothingInAnOrdinaryMessage() {
        String ordinary = "ws close ip=127.0.0.1 who=wall-1 reason=\"a \\\"b\\\"\" é 😀";
        assertThat(LogText.oneLine(ordinary)).isSameAs(ordinary);
        assertThat(LogText.oneLine("a\nb\r\tc\u2028")).isEqualTo("a\\nb\\r\\tc\\u2028");
    }

    /**
     * The real text layout (relay-log-text.xml): a message and an exception message with line breaks stay on theirs.
     */
    @Test
    void theTextLayoutKeepsMessagesAndExceptionMessagesOnOneLine() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // what SLF4J's binding would set
        JoranConfigurator config = new JoranConfigurator();
        config.setContext(context);
        String xml = "<configuration><include resource=\"relay-log-text.xml\"/>"
                + "<root><appender-ref ref=\"STDERR\"/></root></configuration>";
        config.doConfigure(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Logger log = context.getLogger("test");
        // the console appender writes to whatever System.err is at the time of each event
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            log.info("client said {}", "hi\n2026-01-01T00:00:00.000Z WARN  Relay FORGED\u2028");
            log.warn(
                    "request failed",
                    new IOException(
                            "bad body: {\"a\":\n2026-01-01T00:00:00.000Z ERROR Relay FORGED",
                            new IllegalStateException("cause\r\nFORGED too")));
        } finally {
            System.setErr(stderr);
            context.stop();
        }

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).endsWith("INFO  test client said hi\\n2026-01-01T00:00:00.000Z WARN  Relay FORGED\\u2028");
        assertThat(lines[1]).endsWith("WARN  test request failed");
        assertThat(lines[2])
                .isEqualTo("java.io.IOException: bad body: {\"a\":\\n2026-01-01T00:00:00.000Z ERROR Relay FORGED");
        assertThat(lines)
                .filteredOn(l -> l.startsWith("Caused by:"))
                .containsExactly("Caused by: java.lang.IllegalStateException: cause\\r\\nFORGED too");
        assertThat(lines)
                .as("every other line is a stack frame")
                .allMatch(l -> l.matches(
                        "\\d{4}-.*|java\\.io.*|Caused by: .*" + "|\\tat .*|\\t\\.\\.\\. \\d+ common frames omitted"));
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) if (LogText.loneSurrogate(s, i)) return true;
        return false;
    }

    private static String escapeForMessage(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }
}
