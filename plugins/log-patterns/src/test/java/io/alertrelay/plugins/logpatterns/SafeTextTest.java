package io.alertrelay.plugins.logpatterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** What is escaped, what stays, and where text is cut. */
class SafeTextTest {

    @Test
    void printableTextNonAsciiAndEmojiIncludedIsReturnedAsItIs() {
        String s = "sshd[4242]: Failed password for jürgen (日本) from 203.0.113.9 😀 C:\\logs\\x \"q\"";
        assertThat(SafeText.line(s)).isSameAs(s);
    }

    @Test
    void lineBreaksTabsAndEveryOtherControlCharacterAreEscaped() {
        assertThat(SafeText.line("a\rb\tc\u0000d\u0007e\u007ff\u0085g\u009bh"))
                .isEqualTo("a\\rb\\tc\\u0000d\\u0007e\\u007ff\\u0085g\\u009bh");
        assertThat(SafeText.line("one\nINFO forged second line")).isEqualTo("one\\nINFO forged second line");
        assertThat(SafeText.line("x\u2028y\u2029z")).isEqualTo("x\\u2028y\\u2029z");
    }

    @Test
    void ansiEscapeSequencesShowTheirEscapeInsteadOfColouringOrMovingTheCursor() {
        assertThat(SafeText.line("\u001b[31mERROR\u001b[0m \u001b[2K\u001b[1Aok"))
                .isEqualTo("\\u001b[31mERROR\\u001b[0m \\u001b[2K\\u001b[1Aok");
    }

    @Test
    void bidiOverridesZeroWidthCharactersAndTheBomAreEscaped() {
        assertThat(SafeText.line("user \u202eexe.txt\u202c a\u200bb \ufeff"))
                .isEqualTo("user \\u202eexe.txt\\u202c a\\u200bb \\ufeff");
    }

    @Test
    void invisibleTagCharactersBeyondTheBmpAreEscapedHalfByHalf() {
        // U+E0068 U+E0069: "hi" in tag characters, invisible on screen but read by anything that processes the text
        assertThat(SafeText.line("ok\udb40\udc68\udb40\udc69!")).isEqualTo("ok\\udb40\\udc68\\udb40\\udc69!");
    }

    @Test
    void loneSurrogatesAreEscapedAndPairsKept() {
        assertThat(SafeText.line("a\ud800b\udc00c\ud83d\ude00")).isEqualTo("a\\ud800b\\udc00c\ud83d\ude00");
        assertThat(SafeText.line("end\ud83d")).isEqualTo("end\\ud83d");
        assertThat(SafeText.line("\ude00start")).isEqualTo("\\ude00start");
    }

    @Test
    void aLongLineIsCutAtTheLimitEndingInAnEllipsis() {
        String cut = SafeText.line("x".repeat(10_000));
        assertThat(cut).hasSize(SafeText.MAX_LINE_CHARS).endsWith("x…");
        assertThat(SafeText.line("y".repeat(SafeText.MAX_LINE_CHARS)))
                .as("exactly at the limit: whole")
                .isEqualTo("y".repeat(SafeText.MAX_LINE_CHARS));
        assertThat(SafeText.line("y".repeat(SafeText.MAX_LINE_CHARS + 1)))
                .hasSize(SafeText.MAX_LINE_CHARS)
                .endsWith("y…");
    }

    @Test
    void aCutNeverSplitsASurrogatePairOrAnEscape() {
        String emoji = "a".repeat(SafeText.MAX_LINE_CHARS - 2) + "😀😀😀";
        assertThat(SafeText.line(emoji)).isEqualTo("a".repeat(SafeText.MAX_LINE_CHARS - 2) + "…");
        String esc = "a".repeat(SafeText.MAX_LINE_CHARS - 4) + "\u001b[0m and more";
        assertThat(SafeText.line(esc)).isEqualTo("a".repeat(SafeText.MAX_LINE_CHARS - 4) + "…");
        String labels = "b".repeat(SafeText.MAX_LABEL_CHARS + 5);
        assertThat(SafeText.label(labels)).hasSize(SafeText.MAX_LABEL_CHARS).endsWith("b…");
    }

    @Test
    void randomTextAlwaysComesOutAsOneLineOfValidUnicodeWithinTheLimit() {
        Random random = new Random(13);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(600);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(4);
                b.append(
                        kind == 0
                                ? (char) random.nextInt(0x40)
                                : kind == 1
                                        ? (char) (0xd800 + random.nextInt(0x800))
                                        : kind == 2
                                                ? (char) (0x2000 + random.nextInt(0x70))
                                                : (char) random.nextInt(0x10000));
            }
            String out = SafeText.line(b.toString());
            assertThat(out.length()).isLessThanOrEqualTo(SafeText.MAX_LINE_CHARS);
            assertThat(firstUnsafe(out)).as("first unsafe character in %s", out).isEqualTo(-1);
        }
    }

    /** The index of the first control, format or separator character or lone surrogate; -1 when none. */
    private static int firstUnsafe(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE) return i;
            i += Character.charCount(cp);
        }
        return -1;
    }
}
