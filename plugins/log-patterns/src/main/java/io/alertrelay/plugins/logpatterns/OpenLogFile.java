package io.alertrelay.plugins.logpatterns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * One open log file (one inode): reads what was appended since the last read and hands on complete lines.
 *
 * <p>Truncation (copytruncate) is noticed two ways: the file is now shorter than where reading stopped, or it
 * is longer but the last {@value #CHECK_BYTES} bytes read are no longer where they were (it was truncated and
 * written past the old end between two polls). Either way reading starts again from byte 0.
 */
final class OpenLogFile implements AutoCloseable {

    static final int CHECK_BYTES = 64;

    private final Path path;
    private final FileChannel channel;
    private final Object key;
    private final LogEvents events;
    private final LineSplitter splitter;
    private final LineSplitter.Lines lines;
    private final byte[] tail = new byte[CHECK_BYTES];
    private int tailLength;
    private long position;

    private OpenLogFile(Path path, FileChannel channel, Object key, LogEvents events, int maxLineBytes) {
        this.path = path;
        this.channel = channel;
        this.key = key;
        this.events = events;
        this.splitter = new LineSplitter(maxLineBytes);
        this.lines = (text, cut) -> events.line(path, text, cut);
    }

    /**
     * Opens {@code path} to read from {@code where.position()}: from the next line when that falls inside one;
     * from byte 0 when the file is shorter, or when the bytes before it are not {@code where.tail()} (another
     * file that got the same inode).
     *
     * @param key   the identity the caller saw for the path; null is returned when the path has been replaced
     *              since (the caller tries again on its next poll)
     * @param where where to start; null for byte 0; a null tail is not checked
     */
    static OpenLogFile open(
            Path path, Object key, KnownFiles.Resume where, LogEvents events, int maxLineBytes, ByteBuffer scratch)
            throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            Object actual =
                    Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (!Objects.equals(actual, key)) {
                ch.close();
                return null;
            }
            OpenLogFile f = new OpenLogFile(path, ch, key, events, maxLineBytes);
            long startAt = where == null ? 0 : where.position();
            if (startAt == 0 || startAt > ch.size()) return f;
            f.tailLength = f.readBefore(startAt, f.tail, scratch);
            if (where.tail() != null && !Arrays.equals(f.tail(), where.tail())) {
                f.tailLength = 0; // not the file we read before
                return f;
            }
            f.position = startAt;
            if (f.tailLength == 0 || f.tail[f.tailLength - 1] != '\n') f.splitter.skipToNextLine();
            return f;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    Object key() {
        return key;
    }

    long position() {
        return position;
    }

    /** Where reading stopped and the bytes before it, to resume this file later. */
    KnownFiles.Resume resume() {
        return new KnownFiles.Resume(position, tail());
    }

    private byte[] tail() {
        return Arrays.copyOf(tail, tailLength);
    }

    /**
     * Reads up to {@code maxBytes} appended since the last read (more is left for the next call).
     *
     * @return the number of bytes read
     */
    long read(long maxBytes, ByteBuffer scratch) throws IOException {
        long size = channel.size();
        if (size < position || (size > position && tailLength > 0 && !tailStillThere(scratch))) {
            events.rotated(path, LogEvents.Rotation.TRUNCATE);
            position = 0;
            tailLength = 0;
            splitter.reset();
        }
        long total = 0;
        while (total < maxBytes) {
            scratch.clear();
            scratch.limit((int) Math.min(scratch.capacity(), maxBytes - total));
            int n = channel.read(scratch, position);
            if (n <= 0) break;
            splitter.feed(scratch.array(), 0, n, lines);
            rememberTail(scratch.array(), n);
            position += n;
            total += n;
        }
        return total;
    }

    /** The file is done with (rotated away): its partial last line, if any, is handed on as a line. */
    void finish() {
        splitter.flush(lines);
        close();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    private boolean tailStillThere(ByteBuffer scratch) throws IOException {
        byte[] now = new byte[tailLength];
        int n = readBefore(position, now, scratch);
        return n == tailLength && Arrays.equals(now, tail);
    }

    /** Reads the (up to) {@code into.length} bytes before {@code end}; returns how many it got. */
    private int readBefore(long end, byte[] into, ByteBuffer scratch) throws IOException {
        int want = (int) Math.min(into.length, end);
        scratch.clear();
        scratch.limit(want);
        long from = end - want;
        int got = 0;
        while (got < want) {
            int n = channel.read(scratch, from + got);
            if (n <= 0) break;
            got += n;
        }
        System.arraycopy(scratch.array(), 0, into, 0, got);
        return got;
    }

    private void rememberTail(byte[] b, int n) {
        if (n >= CHECK_BYTES) {
            System.arraycopy(b, n - CHECK_BYTES, tail, 0, CHECK_BYTES);
            tailLength = CHECK_BYTES;
            return;
        }
        int keep = Math.min(tailLength, CHECK_BYTES - n);
        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
        System.arraycopy(b, 0, tail, keep, n);
        tailLength = keep + n;
    }
}
