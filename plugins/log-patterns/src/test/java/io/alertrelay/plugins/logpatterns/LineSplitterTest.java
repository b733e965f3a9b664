package io.alertrelay.plugins.logpatterns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes to lines: however the bytes are cut into reads, the same lines come out. */
class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();
    private final List<Boolean> cuts = new ArrayList<>();
    private final LineSplitter.Lines out = (text, cut) -> {
        lines.add(text);
        cuts.add(cut);
    };

    private void feed(LineSplitter s, byte[] b, int from, int to) {
        s.feed(b, from, to - from, out);
    }

    @Test
    void everySplitOfTheBytesGivesTheSameLines() {
        String text = "ascii line\nünïcødé – ½ € 😀 end\r\n\nlast\n";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= b.length; split++) {
            lines.clear();
            LineSplitter s = new LineSplitter(1024);
            feed(s, b, 0, split);
            feed(s, b, split, b.length);
            assertThat(lines)
                    .as("split at byte %d", split)
                    .containsExactly("ascii line", "ünïcødé – ½ € 😀 end", "", "last");
            assertThat(s.held()).isZero();
        }
    }

    @Test
    void byteByByteGivesTheSameLines() {
        byte[] b = "a😀b\nc€\n".getBytes(StandardCharsets.UTF_8);
        LineSplitter s = new LineSplitter(1024);
        for (int i = 0; i < b.length; i++) feed(s, b, i, i + 1);
        assertThat(lines).containsExactly("a😀b", "c€");
    }

    @Test
    void aLineWithoutItsNewlineIsHeldNotHandedOn() {
        LineSplitter s = new LineSplitter(1024);
        byte[] b = "done\npartial".getBytes(StandardCharsets.UTF_8);
        feed(s, b, 0, b.length);
        assertThat(lines).containsExactly("done");
        assertThat(s.held()).isEqualTo("partial".length());
        byte[] rest = " now\n".getBytes(StandardCharsets.UTF_8);
        feed(s, rest, 0, rest.length);
        assertThat(lines).containsExactly("done", "partial now");
    }

    @Test
    void aLongLineIsCutAtTheLimitOnACharacterBoundaryAndItsRestSkipped() {
        LineSplitter s = new LineSplitter(10);
        // "123456789" then € (3 bytes) straddles the 10-byte limit: the cut comes before it
        byte[] b = "123456789€ and more that is skipped\nnext\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) feed(s, b, i, i + 1); // through the held buffer
        assertThat(lines).containsExactly("123456789", "next");
        assertThat(cuts).containsExactly(true, false);
        lines.clear();
        cuts.clear();
        LineSplitter whole = new LineSplitter(10);
        feed(whole, b, 0, b.length); // in one read
        assertThat(lines).containsExactly("123456789", "next");
        assertThat(cuts).containsExactly(true, false);
    }

    @Test
    void aLineOfExactlyTheLimitIsWhole() {
        LineSplitter s = new LineSplitter(4);
        byte[] b = "abcd\nabcde\nxy\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) feed(s, b, i, i + 1);
        assertThat(lines).containsExactly("abcd", "abcd", "xy");
        assertThat(cuts).containsExactly(false, true, false);
    }

    @Test
    void memoryHeldNeverExceedsTheLimit() {
        LineSplitter s = new LineSplitter(100);
        byte[] chunk = "x".repeat(1000).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 100; i++) {
            feed(s, chunk, 0, chunk.length);
            assertThat(s.held()).isLessThanOrEqualTo(100);
        }
        assertThat(lines).hasSize(1);
        feed(s, "\nok\n".getBytes(StandardCharsets.UTF_8), 0, 4);
        assertThat(lines).hasSize(2).last().isEqualTo("ok");
    }

    @Test
    void skipToNextLineDropsTheLineWeJoinedMidway() {
        LineSplitter s = new LineSplitter(1024);
        s.skipToNextLine();
        byte[] b = "tail of an old line\nfirst whole line\n".getBytes(StandardCharsets.UTF_8);
        feed(s, b, 0, b.length);
        assertThat(lines).containsExactly("first whole line");
    }

    @Test
    void flushHandsOnTheLastUnfinishedLineOfAFinishedFile() {
        LineSplitter s = new LineSplitter(1024);
        byte[] b = "one\nno newline at the end".getBytes(StandardCharsets.UTF_8);
        feed(s, b, 0, b.length);
        s.flush(out);
        s.flush(out);
        assertThat(lines).containsExactly("one", "no newline at the end");
    }

    @Test
    void malformedBytesBecomeReplacementCharacters() {
        LineSplitter s = new LineSplitter(1024);
        byte[] b = {'a', (byte) 0xC3, 'b', '\n'};
        feed(s, b, 0, b.length);
        assertThat(lines).containsExactly("a\uFFFDb");
    }
}
