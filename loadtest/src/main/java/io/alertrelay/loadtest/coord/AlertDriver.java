package io.alertrelay.loadtest.coord;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.loadtest.clock.WallClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Pushes alerts into {@code POST /api/v2/alerts} as Prometheus does. Every alert carries the send time in its
 * {@code sentAtNanos} annotation ({@link WallClock}, shared by all processes on the machine) and a running
 * number, so every alert is a change the server must deliver, and the clients can time it.
 */
public final class AlertDriver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI uri;
    private final String token;
    private final int slots;
    private final String blob;
    private long counter;

    /** The outcome of one push: when it was stamped, how long the POST took, how many changes it made. */
    public record Push(long sentAtNanos, long httpNanos, int changed) {}

    public AlertDriver(String baseUrl, String token, int slots, int payloadBytes) {
        this.uri = URI.create(baseUrl + "/api/v2/alerts");
        this.token = token;
        this.slots = slots;
        this.blob = "x".repeat(Math.max(0, payloadBytes));
    }

    public Push push(int alerts) throws IOException, InterruptedException {
        long sent = WallClock.epochNanos();
        StringBuilder body = new StringBuilder(alerts * (120 + blob.length())).append('[');
        for (int i = 0; i < alerts; i++) {
            long n = counter++;
            if (i > 0) body.append(',');
            body.append("{\"labels\":{\"alertname\":\"LoadTest\",\"severity\":\"warning\",\"slot\":\"")
                    .append(n % slots)
                    .append("\"},\"annotations\":{\"sentAtNanos\":\"")
                    .append(sent)
                    .append("\",\"n\":\"")
                    .append(n)
                    .append('"');
            if (!blob.isEmpty()) body.append(",\"blob\":\"").append(blob).append('"');
            body.append("}}");
        }
        body.append(']');
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(120))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        long took = WallClock.epochNanos() - sent;
        if (r.statusCode() != 200) {
            throw new IOException("POST " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return new Push(sent, took, JSON.readTree(r.body()).path("changed").asInt());
    }
}
