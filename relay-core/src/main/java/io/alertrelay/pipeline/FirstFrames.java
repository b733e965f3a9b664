package io.alertrelay.pipeline;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.MatchDeadline;
import io.alertrelay.hub.Subscriber;
import io.alertrelay.journal.Journal;
import io.alertrelay.journal.JournalEntry;
import io.alertrelay.wire.WireCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a new subscriber gets before live changes: a replay of what it missed when the journal still covers its
 * resume point, otherwise a snapshot ({@code reset} when a resume was asked for but cannot be honoured). Called
 * under the pipeline's lock, right before the subscriber joins the hub.
 */
final class FirstFrames {

    private FirstFrames() {}

    /** @throws MatchDeadline.Exceeded before anything was delivered, when the filter went over its budget */
    static SubscribeOutcome send(
            Subscriber s, ResumePoint since, Journal journal, AlertState state, MatchDeadline deadline) {
        if (since != null && since.epoch().equals(journal.epoch())) {
            Optional<List<JournalEntry>> missed = journal.after(since.seq());
            if (missed.isPresent()) {
                List<JournalEntry> wanted = new ArrayList<>();
                for (JournalEntry e : missed.get()) {
                    if (e.change() instanceof Change.AlertChanged a
                            && !s.filter().matches(a.alert(), deadline)) {
                        continue;
                    }
                    wanted.add(e);
                }
                // decided first, delivered after: a filter over budget leaves the subscriber without a half replay
                for (JournalEntry e : wanted) s.deliver(e.frame().duplicate());
                return new SubscribeOutcome(true, false, wanted.size(), journal.latestSeq());
            }
        }
        List<Alert> alerts = new ArrayList<>();
        for (Alert a : state.alerts()) if (s.filter().matches(a, deadline)) alerts.add(a);
        byte[] snapshot = WireCodec.snapshot(journal.latestSeq(), alerts, state.silences(), since != null);
        s.deliver(ByteBuffer.wrap(snapshot));
        return new SubscribeOutcome(false, since != null, 1, journal.latestSeq());
    }
}
