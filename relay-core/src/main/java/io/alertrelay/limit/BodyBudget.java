package io.alertrelay.limit;

import java.util.HashMap;
import java.util.Map;

/**
 * Request bodies being read at once: how many per client address, and how many bytes in all (held until the request
 * has been worked on, since the body is in memory until then). Without it, slow
 * bodies from many addresses could make the relay hold memory without bound. Thread-safe: one lock, held for a
 * few additions.
 *
 * <p>A body is charged what it has received so far, and at least {@link #MIN_CHARGE} from its start (the read
 * buffer its connection holds), so the bytes also bound how many bodies can be open. Bodies whose sender is not yet
 * authenticated (a signature that needs the body to be checked) may hold at most half of the bytes: whatever such
 * senders do, authenticated ones keep the other half.
 */
public final class BodyBudget {

    /** What every open body is charged at least. */
    public static final long MIN_CHARGE = 16 * 1024;

    /** Why a body could not be opened or grow. */
    public enum Refusal {
        TOO_MANY_FROM_ADDRESS,
        NO_BYTES_LEFT
    }

    private final long maxBytes;
    private final int maxPerAddress;
    // guarded by this
    private long bytes;
    private long unauthenticatedBytes;
    private final Map<String, Integer> open = new HashMap<>();

    public BodyBudget(long maxBytes, int maxPerAddress) {
        if (maxBytes < 2 * MIN_CHARGE) {
            throw new IllegalArgumentException("maxBytes must be at least " + 2 * MIN_CHARGE + ", got " + maxBytes);
        }
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("maxPerAddress must be at least 1, got " + maxPerAddress);
        }
        this.maxBytes = maxBytes;
        this.maxPerAddress = maxPerAddress;
    }

    /** The outcome of {@link #open}: a body to charge, or why there is none. */
    public record Admission(Body body, Refusal refusal) {}

    /** Starts a body from {@code address}; its sender is {@code authenticated} already, or will be after the body. */
    public synchronized Admission open(String address, boolean authenticated) {
        int from = open.getOrDefault(address, 0);
        if (from >= maxPerAddress) return new Admission(null, Refusal.TOO_MANY_FROM_ADDRESS);
        if (!fits(MIN_CHARGE, authenticated)) return new Admission(null, Refusal.NO_BYTES_LEFT);
        open.put(address, from + 1);
        add(MIN_CHARGE, authenticated);
        return new Admission(new Body(address, authenticated), null);
    }

    private boolean fits(long n, boolean authenticated) {
        return bytes + n <= maxBytes && (authenticated || unauthenticatedBytes + n <= maxBytes / 2);
    }

    private void add(long n, boolean authenticated) {
        bytes += n;
        if (!authenticated) unauthenticatedBytes += n;
    }

    /** Bytes charged to open bodies now. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Bodies open now from {@code address}. */
    public synchronized int openFrom(String address) {
        return open.getOrDefault(address, 0);
    }

    /** One body being read: charged as its bytes arrive, and given back whole by {@link #close}. */
    public final class Body implements AutoCloseable {

        private final String address;
        private final boolean authenticated;
        // guarded by BodyBudget.this
        private long received;
        private long charged = MIN_CHARGE;
        private boolean read;
        private boolean closed;

        private Body(String address, boolean authenticated) {
            this.address = address;
            this.authenticated = authenticated;
        }

        /** Charges {@code n} more received bytes; false (nothing charged) when they do not fit. */
        public boolean receive(long n) {
            synchronized (BodyBudget.this) {
                if (closed) return false;
                long more = Math.max(0, received + n - charged);
                if (more > 0 && !fits(more, authenticated)) return false;
                add(more, authenticated);
                charged += more;
                received += n;
                return true;
            }
        }

        /**
         * The whole body has arrived: its place among its address's bodies is free again. Its bytes stay charged
         * until {@link #close}, while the request is worked on.
         */
        public void read() {
            synchronized (BodyBudget.this) {
                if (read) return;
                read = true;
                int left = open.merge(address, -1, Integer::sum);
                if (left <= 0) open.remove(address);
            }
        }

        /** Gives everything back (the bytes, and the place if {@link #read} did not); once, however often called. */
        @Override
        public void close() {
            synchronized (BodyBudget.this) {
                if (closed) return;
                closed = true;
                add(-charged, authenticated);
                read();
            }
        }
    }
}
