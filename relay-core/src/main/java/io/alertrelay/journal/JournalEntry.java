package io.alertrelay.journal;

import io.alertrelay.alert.Change;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * One change with its place in history. {@code frame} is the encoded wire message, kept so a resume
 * replays bytes instead of encoding again; hand out {@code frame.duplicate()}, never the buffer itself.
 */
public record JournalEntry(long seq, Instant at, Change change, ByteBuffer frame) {}
