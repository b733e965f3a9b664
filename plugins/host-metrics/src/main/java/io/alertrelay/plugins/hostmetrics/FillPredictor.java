package io.alertrelay.plugins.hostmetrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Hours until a disk is full, from a least-squares line through its used bytes over a window: the same idea
 * as PromQL's {@code predict_linear(node_filesystem_avail_bytes[6h], 24*3600) < 0}. Infinite when usage is
 * flat or shrinking, or when there is too little history to say (less than a quarter of the window).
 */
final class FillPredictor {

    private record Point(double seconds, double used) {}

    private final Duration window;
    private final ArrayDeque<Point> points = new ArrayDeque<>();
    private Instant origin;

    FillPredictor(Duration window) {
        this.window = window;
    }

    double hoursUntilFull(Instant at, double usedBytes, double totalBytes) {
        if (origin == null) origin = at;
        double t = Duration.between(origin, at).toMillis() / 1000.0;
        points.addLast(new Point(t, usedBytes));
        double from = t - window.toSeconds();
        while (!points.isEmpty() && points.peekFirst().seconds() < from) points.removeFirst();
        if (points.size() < 3 || t - points.peekFirst().seconds() < window.toSeconds() / 4.0) {
            return Double.POSITIVE_INFINITY;
        }
        double n = points.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Point p : points) {
            sx += p.seconds();
            sy += p.used();
            sxx += p.seconds() * p.seconds();
            sxy += p.seconds() * p.used();
        }
        double denominator = n * sxx - sx * sx;
        if (denominator == 0) return Double.POSITIVE_INFINITY;
        double bytesPerSecond = (n * sxy - sx * sy) / denominator;
        if (bytesPerSecond <= 0) return Double.POSITIVE_INFINITY;
        double intercept = (sy - bytesPerSecond * sx) / n;
        double usedNow = intercept + bytesPerSecond * t;
        return Math.max(0, (totalBytes - usedNow) / bytesPerSecond / 3600.0);
    }
}
