package io.alertrelay.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DynamicContainer;

/**
 * A flood of unsigned and wrongly signed requests on a hook, from one address, while the hook's real sender (another
 * address) keeps delivering correctly signed ones at half the hook's rate limit (issue 12, item 3: today the flood
 * uses up the hook's rate limit and the real sender gets 429). The fix's contract: the real sender gets 200 every
 * time; the flood gets 401, then 429 {@code too-many-auth-failures} once over {@code limits.authFailuresPerMinute}.
 */
final class HookFloodAttack {

    /** The hook's real sender, the same for every scheme: it never fails to authenticate. */
    static final String GOOD_SENDER = "127.0.0.2";

    static final Duration FLOOD = Duration.ofSeconds(3);
    static final int FLOODERS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HookFloodAttack() {}

    /** One flood per scheme: bearer token, X-Hub-Signature-256, Standard Webhooks; each from its own address. */
    static List<DynamicContainer> run(HostileRelay relay) {
        return List.of(
                flood(relay, "bearer", "127.0.0.3"), flood(relay, "gh", "127.0.0.4"), flood(relay, "std", "127.0.0.5"));
    }

    private static DynamicContainer flood(HostileRelay relay, String hook, String from) {
        String scheme = switch (hook) {
            case "bearer" -> "bearer token";
            case "gh" -> "HMAC X-Hub-Signature-256";
            default -> "Standard Webhooks";
        };
        return relay.attack("hook flood: " + scheme + " (/hooks/" + hook + ")", a -> {
            List<String> good = new CopyOnWriteArrayList<>();
            AtomicInteger flooded = new AtomicInteger();
            ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
            ExecutorService flooders = Executors.newFixedThreadPool(FLOODERS);
            long until = System.nanoTime() + FLOOD.toNanos();
            try {
                AtomicInteger n = new AtomicInteger();
                sender.scheduleAtFixedRate(
                        () -> {
                            byte[] body = ("alertname=HookGood\nt=" + a.phase + "\nn=" + n.incrementAndGet())
                                    .getBytes(StandardCharsets.UTF_8);
                            good.add(SourceHttp.send(
                                            GOOD_SENDER,
                                            relay.port(),
                                            "POST",
                                            "/hooks/" + hook,
                                            HookSigning.correct(hook, body),
                                            body,
                                            ProcessBystanders.CAP)
                                    .outcome());
                        },
                        0,
                        1000 / (HostileRelay.HOOK_RATE / 2),
                        TimeUnit.MILLISECONDS);
                for (int t = 0; t < FLOODERS; t++) {
                    flooders.submit(() -> {
                        while (System.nanoTime() < until && !a.stalled()) {
                            int i = flooded.incrementAndGet();
                            byte[] body = ("alertname=Forged\nn=" + i).getBytes(StandardCharsets.UTF_8);
                            Map<String, String> h = i % 2 == 0 ? Map.of() : HookSigning.wrong(hook, i);
                            a.answer(SourceHttp.send(
                                    from, relay.port(), "POST", "/hooks/" + hook, h, body, ProcessBystanders.CAP));
                        }
                    });
                }
                a.hold(FLOOD);
            } finally {
                flooders.shutdown();
                flooders.awaitTermination(ProcessBystanders.CAP.toSeconds() + 2, TimeUnit.SECONDS);
                sender.shutdown();
                sender.awaitTermination(ProcessBystanders.CAP.toSeconds() + 2, TimeUnit.SECONDS);
            }
            a.outcome("real sender: " + summary(good));
            a.size(flooded.get() + " unsigned or wrongly signed requests from one address in " + FLOOD.toSeconds()
                    + " s (" + FLOODERS + " at a time), " + good.size() + " correct deliveries from another");
            a.contract
                    .assertThat(good)
                    .as("the real sender's answers while the flood ran")
                    .isNotEmpty()
                    .allMatch("200"::equals);
            int refused = a.outcomes("401 unauthorized") + a.outcomes("429 too-many-auth-failures");
            a.contract
                    .assertThat(refused)
                    .as("flood requests answered 401 or 429 too-many-auth-failures: " + a.outcomes())
                    .isEqualTo(flooded.get());
            if (flooded.get() > 60) {
                a.contract
                        .assertThat(a.outcomes("429 too-many-auth-failures"))
                        .as("flood requests refused from their headers once over limits.authFailuresPerMinute")
                        .isPositive();
            }
            a.contract
                    .assertThat(stored(relay, a.phase))
                    .as("the real sender's alerts in GET /api/alerts")
                    .isEqualTo((int) good.stream().filter("200"::equals).count());
        });
    }

    private static String summary(List<String> outcomes) {
        Map<String, Long> n = new java.util.TreeMap<>();
        for (String o : outcomes) n.merge(o, 1L, Long::sum);
        return n.toString();
    }

    private static int stored(HostileRelay relay, String phase) throws Exception {
        var r = relay.bystanders()
                .viewerGet("/api/alerts?filter="
                        + URLEncoder.encode("alertname=\"HookGood\"", StandardCharsets.UTF_8)
                        + "&filter=" + URLEncoder.encode("t=\"" + phase + "\"", StandardCharsets.UTF_8));
        return r == null || r.statusCode() != 200 ? -1 : JSON.readTree(r.body()).size();
    }
}
