package io.alertrelay.cluster;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.Silence;
import io.alertrelay.journal.JournalEntry;
import io.alertrelay.store.SharedAlertStore;
import io.alertrelay.store.StaleViewException;
import io.alertrelay.store.StoreDocs;
import io.alertrelay.store.StoreException;
import io.alertrelay.store.StoreUnavailableException;
import io.alertrelay.wire.WireCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The cluster's store: Redis holds the journal (a Stream whose entry ids are {@code 0-seq}, so a resume reads by
 * seq on any node), the epoch and latest seq, the alerts, their expiries and the silences (hashes), and a stream
 * of expiry moves. Every step goes in through one Lua script that first checks it was built on the latest entry,
 * so the nodes agree on one order without any consensus of our own: Redis serialises the scripts.
 *
 * <p>Rows hold the frame clients were sent, as the single-node store does; other nodes fan that very frame out.
 */
public final class RedisAlertStore implements SharedAlertStore {

    /** How many entries one catch-up read brings at most; the next read brings the rest. */
    private static final int READ_CHUNK = 10_000;

    private static final int TOUCHES_KEPT = 10_000;

    private final UnifiedJedis redis;
    private final String shownUrl;
    private final RedisKeys keys;
    private final int journalMaxEntries;
    private final LuaScript commit = LuaScript.load("commit.lua");
    private final LuaScript load = LuaScript.load("load.lua");
    private final LuaScript after = LuaScript.load("after.lua");
    private final LuaScript reseed = LuaScript.load("reseed.lua");
    private final LuaScript position = LuaScript.load("position.lua");
    /** The epoch of the last load(): the one this node's journal is in, which every commit is checked against. */
    private volatile String loadedEpoch = "";

    private volatile String loadedTouches = "0-0";
    /** Set by the feed while it cannot read Redis: a commit then fails at once instead of waiting out a timeout. */
    private volatile Supplier<String> unreachable = () -> null;

    RedisAlertStore(UnifiedJedis redis, String shownUrl, String keyPrefix, int journalMaxEntries) {
        this.redis = redis;
        this.shownUrl = shownUrl;
        this.keys = RedisKeys.withPrefix(keyPrefix);
        this.journalMaxEntries = journalMaxEntries;
    }

    /** Connects to {@code url} ({@code redis://[user:password@]host[:port][/db]}, {@code rediss://} for TLS). */
    public static RedisAlertStore connect(String url, String keyPrefix, int journalMaxEntries) {
        URI uri = URI.create(url);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2_000)
                .socketTimeoutMillis(2_000)
                .blockingSocketTimeoutMillis(ClusterFeed.BLOCK_MILLIS + 2_000)
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .clientName("alert-relay");
        if (JedisURIHelper.getPassword(uri) != null) config.password(JedisURIHelper.getPassword(uri));
        if (JedisURIHelper.getUser(uri) != null) config.user(JedisURIHelper.getUser(uri));
        if (JedisURIHelper.hasDbIndex(uri)) config.database(JedisURIHelper.getDBIndex(uri));
        if (JedisURIHelper.isRedisSSLScheme(uri)) {
            // Jedis checks the chain but not the name unless told: without this any CA-signed certificate would do
            SSLParameters tls = new SSLParameters();
            tls.setEndpointIdentificationAlgorithm("HTTPS");
            config.sslParameters(tls);
        }
        JedisPooled pooled = new JedisPooled(JedisURIHelper.getHostAndPort(uri), config.build());
        return new RedisAlertStore(pooled, shown(url), keyPrefix, journalMaxEntries);
    }

    /** The URL without its password, for logs and errors. */
    public static String shown(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    public String url() {
        return shownUrl;
    }

    UnifiedJedis redis() {
        return redis;
    }

    RedisKeys keys() {
        return keys;
    }

    @Override
    public Loaded load() {
        for (int attempt = 1; ; attempt++) {
            try {
                return loadOnce();
            } catch (StaleViewException e) {
                // the journal moved (trimmed, or a new epoch) between the state and its pages: read it all again
                if (attempt == 5)
                    throw new StoreUnavailableException(
                            "cannot read a consistent copy of the cluster's" + " state from Redis " + shownUrl
                                    + ": it changed under every read. Try again",
                            e);
            }
        }
    }

    private Loaded loadOnce() {
        List<?> r = call("read the cluster's state", () ->
                (List<?>) load.run(redis, keys.all(), List.of(UUID.randomUUID().toString())));
        if (text(r.get(0)).equals("foreign")) {
            throw new StoreException("Redis " + shownUrl + " holds " + text(r.get(1)) + " but no " + keys.epoch()
                    + ": these keys were not written by alert relays (or Redis evicted keys: it must run with"
                    + " maxmemory-policy noeviction). Give this cluster its own cluster.keyPrefix, or delete those"
                    + " keys if they are a relay cluster's leftovers (docs/cluster.md#limits)");
        }
        String epoch = text(r.get(1));
        long seq = Long.parseLong(text(r.get(2)));
        Map<String, String> expiry = pairs(r.get(4));
        List<Alert> alerts = new ArrayList<>();
        List<Silence> silences = new ArrayList<>();
        try {
            for (Map.Entry<String, String> a : pairs(r.get(3)).entrySet()) {
                alerts.add(StoreDocs.readAlert(utf8(a.getValue()), millis(expiry.get(a.getKey()))));
            }
            for (String frame : pairs(r.get(5)).values()) silences.add(StoreDocs.readSilence(utf8(frame)));
        } catch (IOException | RuntimeException e) {
            throw new StoreException(
                    "the cluster's state in Redis " + shownUrl + " (keys " + keys.alerts() + ", "
                            + keys.silences() + ") cannot be read: " + e.getMessage()
                            + ". Another program may be writing"
                            + " under the same keys: give this cluster its own cluster.keyPrefix"
                            + " (docs/cluster.md#limits)",
                    e);
        }
        List<JournalEntry> journal = new ArrayList<>();
        long after = 0;
        while (after < seq) {
            List<JournalEntry> page = entriesAfter(epoch, after);
            if (page.isEmpty()) break;
            for (JournalEntry e : page) {
                if (e.seq() > seq) break;
                if (e.seq() != (journal.isEmpty() ? e.seq() : after + 1)) throw new StaleViewException("trimmed");
                journal.add(e);
                after = e.seq();
            }
            if (page.get(page.size() - 1).seq() >= seq) break;
        }
        if (!journal.isEmpty() && journal.get(journal.size() - 1).seq() != seq) throw new StaleViewException("moved");
        loadedEpoch = epoch;
        loadedTouches = text(r.get(6));
        return new Loaded(epoch, seq, alerts, silences, journal);
    }

    /** Where the expiry stream stood at the last load: the feed reads after it, so it misses no expiry move. */
    public String loadedTouches() {
        return loadedTouches;
    }

    @Override
    public boolean commit(Step step) {
        if (step.entries().isEmpty()
                && step.dropped().isEmpty()
                && step.touched().isEmpty()) {
            return false; // the journal's own trimming is Redis' (MAXLEN): nothing to say
        }
        String down = unreachable.get();
        if (down != null) {
            // under the pipeline's lock: a Redis that drops packets would hold every other request for the timeout
            throw new StoreUnavailableException(
                    down + ". Changes are refused with 503 until it is back; clients keep" + " what they have", null);
        }
        List<String> args = new ArrayList<>();
        args.add(loadedEpoch);
        args.add(
                step.entries().isEmpty()
                        ? "-1"
                        : Long.toString(step.entries().get(0).seq() - 1));
        args.add(Integer.toString(journalMaxEntries));
        args.add(Integer.toString(TOUCHES_KEPT));
        args.add(Integer.toString(step.entries().size()));
        for (JournalEntry e : step.entries()) {
            args.add(Long.toString(e.seq()));
            args.add(Long.toString(e.at().toEpochMilli()));
            if (e.change() instanceof Change.AlertChanged a) {
                args.addAll(List.of(
                        "a",
                        a.alert().fingerprint(),
                        text(e.frame()),
                        millisText(a.alert().expiresAt())));
            } else {
                Silence s = ((Change.SilenceChanged) e.change()).silence();
                args.addAll(List.of("s", s.id(), text(e.frame()), ""));
            }
        }
        args.add(Integer.toString(step.dropped().alerts().size()));
        args.addAll(step.dropped().alerts());
        args.add(Integer.toString(step.dropped().silences().size()));
        args.addAll(step.dropped().silences());
        args.add(Integer.toString(step.touched().size()));
        for (Alert a : step.touched()) {
            args.add(a.fingerprint());
            args.add(millisText(a.expiresAt()));
        }
        List<?> r = call("store a change", () -> (List<?>) commit.run(redis, keys.all(), args));
        String status = text(r.get(0));
        return switch (status) {
            case "ok" -> true;
            case "stale" ->
                throw new StaleViewException(
                        "another relay wrote first: the shared journal is at seq " + text(r.get(1)),
                        Long.parseLong(text(r.get(1))));
            case "epoch" ->
                throw new StaleViewException.EpochChanged(text(r.get(1)).isEmpty() ? null : text(r.get(1)));
            default ->
                throw new StoreException("Redis " + shownUrl + " answered '" + status + "' to a change: this"
                        + " relay's commit.lua is not the one that ran. Check that every node runs the same version");
        };
    }

    @Override
    public List<JournalEntry> entriesAfter(String epoch, long seq) {
        List<?> r = call("read the shared journal", () -> (List<?>) after.run(
                redis,
                List.of(keys.epoch(), keys.journal()),
                List.of(Long.toString(seq + 1), Integer.toString(READ_CHUNK))));
        String current = text(r.get(0));
        if (!current.equals(epoch)) throw new StaleViewException.EpochChanged(current.isEmpty() ? null : current);
        return entries((List<?>) r.get(1), epoch);
    }

    @Override
    public String reseed(
            String expectedEpoch, long reachedSeq, Collection<Alert> alerts, Collection<Silence> silences) {
        List<String> args = new ArrayList<>();
        args.add(UUID.randomUUID().toString());
        args.add(expectedEpoch == null ? "" : expectedEpoch);
        args.add(Long.toString(reachedSeq));
        args.add(Integer.toString(alerts.size()));
        for (Alert a : alerts) {
            args.add(a.fingerprint());
            args.add(text(WireCodec.changeFrame(0, new Change.AlertChanged(a))));
            args.add(millisText(a.firing() ? a.expiresAt() : null));
        }
        args.add(Integer.toString(silences.size()));
        for (Silence s : silences) {
            args.add(s.id());
            args.add(text(WireCodec.changeFrame(0, new Change.SilenceChanged(s))));
        }
        return text(call("put the state back into Redis", () -> reseed.run(redis, keys.all(), args)));
    }

    @Override
    public Position position() {
        List<?> r = call("read where the cluster stands", () ->
                (List<?>) position.run(redis, List.of(keys.epoch(), keys.seq(), keys.fresh()), List.of()));
        String epoch = text(r.get(0));
        return new Position(epoch.isEmpty() ? null : epoch, Long.parseLong(text(r.get(1))), "1".equals(text(r.get(2))));
    }

    /** The feed says whether it can read Redis; while it cannot, commits fail at once. */
    void unreachableWhile(Supplier<String> problem) {
        this.unreachable = problem;
    }

    @Override
    public boolean probe() {
        try {
            return "PONG".equals(redis.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    @Override
    public void close() {
        redis.close();
    }

    /** Journal stream entries as the pipeline's entries; the stream id's sequence part is the seq. */
    static List<JournalEntry> entries(List<?> stream, String epoch) {
        List<JournalEntry> out = new ArrayList<>(stream.size());
        for (Object o : stream) {
            List<?> entry = (List<?>) o;
            String id = text(entry.get(0));
            Map<String, String> f = pairs(entry.get(1));
            out.add(entry(id, f, epoch));
        }
        return out;
    }

    /** One journal stream entry; throws EpochChanged when it belongs to another epoch than {@code epoch}. */
    static JournalEntry entry(String id, Map<String, String> fields, String epoch) {
        if (!epoch.equals(fields.get("epoch"))) {
            throw new StaleViewException.EpochChanged(fields.get("epoch"));
        }
        long seq = Long.parseLong(id.substring(id.indexOf('-') + 1));
        byte[] frame = utf8(fields.get("frame"));
        try {
            Change change = StoreDocs.readFrame(frame, millis(fields.get("exp")));
            return new JournalEntry(
                    seq,
                    Instant.ofEpochMilli(Long.parseLong(fields.get("at"))),
                    change,
                    ByteBuffer.wrap(frame).asReadOnlyBuffer());
        } catch (IOException e) {
            throw new StoreException(
                    "journal entry " + id + " in Redis cannot be read: " + e.getMessage() + " (docs/cluster.md)", e);
        }
    }

    private <T> T call(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (JedisDataException e) {
            if (String.valueOf(e.getMessage()).startsWith("WRONGTYPE")) {
                throw new StoreException(
                        "Redis " + shownUrl + " holds a key under "
                                + keys.epoch().replace("epoch", "")
                                + "* of a type relays never write (" + e.getMessage()
                                + "): another program uses these keys."
                                + " Give this cluster its own cluster.keyPrefix (docs/cluster.md#limits)",
                        e);
            }
            throw new StoreUnavailableException(
                    "Redis at " + shownUrl + " refused to " + what + ": "
                            + e.getMessage()
                            + ". Check that it is writable (not a replica, not out of memory, persistence"
                            + " not failing); changes are refused until it is",
                    e);
        } catch (JedisException e) {
            throw new StoreUnavailableException(
                    "cannot " + what + ": Redis at " + shownUrl + " is unreachable ("
                            + e.getMessage()
                            + "). Changes are refused with 503 until it is back; clients keep what they"
                            + " have",
                    e);
        }
    }

    static Map<String, String> pairs(Object flat) {
        if (flat instanceof Map<?, ?> m) {
            Map<String, String> out = new HashMap<>();
            m.forEach((k, v) -> out.put(text(k), text(v)));
            return out;
        }
        List<?> list = (List<?>) flat;
        Map<String, String> out = new HashMap<>(list.size());
        for (int i = 0; i + 1 < list.size(); i += 2) out.put(text(list.get(i)), text(list.get(i + 1)));
        return out;
    }

    static String text(Object o) {
        if (o == null) return "";
        if (o instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        if (o instanceof ByteBuffer buf)
            return StandardCharsets.UTF_8.decode(buf.duplicate()).toString();
        return o.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Instant millis(String ms) {
        return ms == null || ms.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(ms));
    }

    private static String millisText(Instant t) {
        return t == null ? "" : Long.toString(t.toEpochMilli());
    }
}
