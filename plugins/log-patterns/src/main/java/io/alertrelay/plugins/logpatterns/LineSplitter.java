package io.alertrelay.plugins.logpatterns;

import java.nio.charset.StandardCharsets;

/**
 * Cuts the bytes of one file into lines. Bytes are decoded (UTF-8, malformed bytes become U+FFFD) only once a
 * whole line is there, so a multi-byte character split across two reads is never broken, and a line whose
 * newline has not been written yet is held until it comes.
 *
 * <p>Memory is bounded: a line longer than {@code maxLineBytes} is handed on cut at that length (at a
 * character boundary, marked {@code cut}) and the rest of it, up to its newline, is skipped. A trailing CR
 * (CRLF line ends) is dropped. Not thread-safe: one splitter per open file.
 */
final class LineSplitter {

    /** Receives each complete line. */
    interface Lines {
        void line(String text, boolean cut);
    }

    private final int maxLineBytes;
    private byte[] held = new byte[128];
    private int heldLength;
    /** Inside the rest of a cut line, or a line we joined midway: drop bytes up to the next newline. */
    private boolean skipping;

    LineSplitter(int maxLineBytes) {
        if (maxLineBytes < 1) throw new IllegalArgumentException("maxLineBytes must be positive");
        this.maxLineBytes = maxLineBytes;
    }

    /** Drops the bytes up to and including the next newline: for a reader that starts in the middle of a line. */
    void skipToNextLine() {
        heldLength = 0;
        skipping = true;
    }

    /** Forgets the partial line held (the file was truncated under it). */
    void reset() {
        heldLength = 0;
        skipping = false;
    }

    /** How many bytes of an unfinished line are held. */
    int held() {
        return heldLength;
    }

    void feed(byte[] buf, int off, int len, Lines out) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (buf[i] != '\n') continue;
            if (skipping) {
                skipping = false;
            } else if (heldLength == 0) {
                emit(buf, start, i - start, out);
            } else {
                append(buf, start, i - start, out);
                if (!skipping) emit(held, 0, heldLength, out);
                heldLength = 0;
                skipping = false;
            }
            start = i + 1;
        }
        if (start < end && !skipping) append(buf, start, end - start, out);
    }

    /**
     * The held partial line as a final line (the file is finished: rotated away and done with), or nothing.
     * Afterwards nothing is held.
     */
    void flush(Lines out) {
        if (heldLength > 0 && !skipping) emit(held, 0, heldLength, out);
        reset();
    }

    private void append(byte[] buf, int off, int len, Lines out) {
        int room = maxLineBytes + 1 - heldLength; // one byte past the limit tells us the line is too long
        int take = Math.min(len, room);
        if (heldLength + take > held.length) {
            byte[] bigger = new byte[Math.min(maxLineBytes + 1, Math.max(held.length * 2, heldLength + take))];
            System.arraycopy(held, 0, bigger, 0, heldLength);
            held = bigger;
        }
        System.arraycopy(buf, off, held, heldLength, take);
        heldLength += take;
        if (heldLength > maxLineBytes) {
            emitCut(held, 0, out);
            heldLength = 0;
            skipping = true;
        }
    }

    /** A complete line (without its newline) in {@code b[off, off+len)}. */
    private void emit(byte[] b, int off, int len, Lines out) {
        if (len > maxLineBytes) {
            emitCut(b, off, out);
            return;
        }
        if (len > 0 && b[off + len - 1] == '\r') len--;
        out.line(new String(b, off, len, StandardCharsets.UTF_8), false);
    }

    /** The first {@code maxLineBytes} of a longer line; {@code b[off + maxLineBytes]} exists. */
    private void emitCut(byte[] b, int off, Lines out) {
        int cut = off + maxLineBytes;
        // do not split a character: back off while the first byte left out is a UTF-8 continuation byte
        while (cut > off && (b[cut] & 0xC0) == 0x80) cut--;
        out.line(new String(b, off, cut - off, StandardCharsets.UTF_8), true);
    }
}
