package io.alertrelay.pipeline;

import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.MatchDeadline;
import io.alertrelay.hub.Hub;
import io.alertrelay.hub.Subscriber;
import io.alertrelay.journal.Journal;
import io.alertrelay.store.StoreUnavailableException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a subscriber joins: its first frames (a replay or a snapshot) and its place in the hub, in one step under the
 * pipeline's lock, so no change falls between what it was sent and what it will be sent.
 *
 * <p>Thread-safe: every call takes the pipeline's lock.
 */
final class Subscriptions {

    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

    private final PipelineLock lock;
    private final AlertState state;
    private final Supplier<Journal> journals;
    private final Hub hub;
    private final ChangeSequencer sequencer;

    Subscriptions(PipelineLock lock, AlertState state, Supplier<Journal> journals, Hub hub, ChangeSequencer sequencer) {
        this.lock = lock;
        this.state = state;
        this.journals = journals;
        this.hub = hub;
        this.sequencer = sequencer;
    }

    /**
     * Starts live delivery to {@code s}. With a resume point the journal still covers, replays what was
     * missed; otherwise queues a snapshot ({@code reset} when a resume was asked for but cannot be honoured).
     * Either way the subscriber is registered before the lock is released, so nothing falls in between.
     * The filter's regexes get the hub's filter budget for the whole replay or snapshot.
     *
     * @throws IllegalArgumentException when the filter did not fit in the budget; nothing was delivered and
     *                                  {@code s} is not subscribed
     */
    public SubscribeOutcome subscribe(Subscriber s, ResumePoint since) {
        lock.lock();
        try {
            return subscribeLocked(s, since, MatchDeadline.after(hub.filterBudget()));
        } catch (MatchDeadline.Exceeded e) {
            MatchDeadline.countOverBudget();
            throw new IllegalArgumentException("the filter's regexes took more than limits.filterBudget ("
                    + hub.filterBudget().toMillis() + " ms) over the "
                    + state.alerts().size() + " alerts and the"
                    + " changes to replay: you are not subscribed; use fewer or simpler regexes");
        } finally {
            lock.unlock();
        }
    }

    private SubscribeOutcome subscribeLocked(Subscriber s, ResumePoint since, MatchDeadline deadline) {
        hub.remove(s);
        if (since != null
                && since.epoch().equals(journals.get().epoch())
                && since.seq() > journals.get().latestSeq()) {
            catchUpForResume();
        }
        SubscribeOutcome outcome = FirstFrames.send(s, since, journals.get(), state, deadline);
        hub.add(s);
        return outcome;
    }

    /**
     * The client saw a seq this node has not applied yet (it was on a node that is ahead): catch up first so it
     * gets a replay, not a reset. If the store cannot be read now, the client gets a snapshot with reset instead.
     */
    private void catchUpForResume() {
        try {
            sequencer.catchUp();
        } catch (StoreUnavailableException e) {
            log.info(
                    "a client resumes from a seq this node has not reached, and the shared store cannot be read"
                            + " ({}): it gets a snapshot with reset",
                    e.getMessage());
        }
    }
}
