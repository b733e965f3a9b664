package io.alertrelay.store;

/**
 * A shared store refused a step because another node wrote first: the step was built on an older view. Nothing
 * of it was kept; the node catches up and builds the step again.
 */
public class StaleViewException extends RuntimeException {

    private final long storeSeq;

    public StaleViewException(String message) {
        this(message, -1);
    }

    /** @param storeSeq the latest seq the store holds, or -1 when not known */
    public StaleViewException(String message, long storeSeq) {
        super(message, null, false, false); // expected under concurrency: no stack trace to fill
        this.storeSeq = storeSeq;
    }

    /** The latest seq the store holds, or -1 when not known. Below this node's own: the store went back in time. */
    public long storeSeq() {
        return storeSeq;
    }

    /** The store's history is not the one this node holds (it was lost and re-seeded): the node starts over. */
    public static final class EpochChanged extends StaleViewException {
        public EpochChanged(String storeEpoch) {
            super("the shared store's epoch is now " + storeEpoch);
        }
    }
}
