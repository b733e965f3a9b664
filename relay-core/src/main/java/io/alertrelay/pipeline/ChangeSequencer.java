package io.alertrelay.pipeline;

import io.alertrelay.store.StaleViewException;

/**
 * Decides the order of changes beyond this process. A single node is its own sequencer: its store takes every step
 * it builds. In a cluster the shared store takes a step only if it was built on the latest entry; when another node
 * wrote first, the sequencer brings this node's {@link Replica} up to date so the pipeline can build the step again.
 *
 * <p>The pipeline calls every method but {@link #attach} under its lock.
 */
public interface ChangeSequencer {

    /** Called once by the pipeline it sequences, with the view of the pipeline it may change. */
    void attach(Replica replica);

    /** Whether other nodes write changes too (each node then runs its own plugins on its own alerts). */
    boolean clustered();

    /**
     * Another node wrote first: bring the replica up to date so the step can be built again, or throw when that is
     * not possible.
     */
    void conflict(StaleViewException e);

    /** Applies what other nodes wrote since this node's latest seq; returns how many entries that was. */
    int catchUp();

    /** The sequencer of a node that is alone: nothing to catch up with, and no other writer to lose a race to. */
    static ChangeSequencer local() {
        return new ChangeSequencer() {
            @Override
            public void attach(Replica replica) {}

            @Override
            public boolean clustered() {
                return false;
            }

            @Override
            public void conflict(StaleViewException e) {
                throw e;
            }

            @Override
            public int catchUp() {
                return 0;
            }
        };
    }
}
