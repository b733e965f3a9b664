package io.alertrelay.hub;

import io.alertrelay.alert.AlertFilter;
import java.nio.ByteBuffer;

/** Something that receives live frames: in practice a WebSocket session. */
public interface Subscriber {

    /** Which alerts it wants; silences go to every subscriber. */
    AlertFilter filter();

    /**
     * Queues one frame for sending and returns at once. The buffer is shared with every other subscriber:
     * read it through {@link ByteBuffer#duplicate()}, never move its position. Must never block: a subscriber that
     * cannot keep up
     * drops itself from the hub and closes, it does not slow the caller.
     */
    void deliver(ByteBuffer frame);

    /**
     * The history this subscriber followed was replaced (a cluster's Redis lost its data): nothing more will be
     * delivered, and it must start over (a WebSocket session closes so its client resumes and gets a reset).
     */
    default void historyReplaced() {}

    /**
     * The hub dropped this subscriber: the filter evaluations of one change did not reach it, or ran out in it,
     * within {@code limits.filterBudget} (the heaviest regex filters go last). Nothing more will be delivered; a
     * WebSocket session closes with 1008 and {@code reason}, and its client may resume with a simpler filter.
     */
    default void filterOverBudget(String reason) {}
}
