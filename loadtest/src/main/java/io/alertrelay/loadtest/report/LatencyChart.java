package io.alertrelay.loadtest.report;

import java.util.List;
import java.util.Locale;

/**
 * latency.html: one inline SVG per server of p50, p99 and max latency per second over the run, on a log scale,
 * with the steps named along the top. Self-contained: no script, no CDN, opens from disk.
 */
public final class LatencyChart {

    private static final int W = 960;
    private static final int H = 300;
    private static final int PAD_L = 60;
    private static final int PAD_B = 30;
    private static final int PAD_T = 30;

    private LatencyChart() {}

    public static String html(RunResult run) {
        StringBuilder b = new StringBuilder("<!doctype html><meta charset=utf-8><title>")
                .append(esc(run.scenario()))
                .append(" latency</title>")
                .append("<style>body{font:14px sans-serif;margin:2em}svg{border:1px solid #ccc}</style>")
                .append("<h1>")
                .append(esc(run.scenario()))
                .append(": ingest-to-client latency per second</h1>")
                .append("<p>")
                .append(esc(run.description()))
                .append("<br>")
                .append(esc(String.valueOf(run.machine())))
                .append("</p><p><span style=color:#1f77b4>p50</span> · <span style=color:#d62728>p99</span> · "
                        + "<span style=color:#999>max</span> (log scale, ms)</p>");
        for (ServerResult s : run.servers())
            b.append("<h2>").append(esc(s.server())).append("</h2>").append(svg(s.timeline()));
        return b.append("</html>\n").toString();
    }

    static String svg(List<TimelinePoint> pts) {
        StringBuilder b = new StringBuilder(
                String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'>", W, H));
        if (pts.isEmpty())
            return b.append("<text x='20' y='40'>no alerts were delivered</text></svg>")
                    .toString();
        double tMax = Math.max(1, pts.get(pts.size() - 1).t());
        double top = pts.stream().mapToDouble(TimelinePoint::maxMs).max().orElse(1);
        double logMin = -1;
        double logMax = Math.max(0, Math.ceil(Math.log10(Math.max(top, 1))));
        for (int e = (int) logMin; e <= logMax; e++) {
            double y = y(Math.pow(10, e), logMin, logMax);
            b.append(String.format(
                    Locale.ROOT,
                    "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#eee'/>"
                            + "<text x='5' y='%.1f' font-size='11'>%s ms</text>",
                    PAD_L,
                    W,
                    y,
                    y,
                    y + 4,
                    fmt(Math.pow(10, e))));
        }
        String lastStep = null;
        for (TimelinePoint p : pts) {
            if (!p.step().equals(lastStep)) {
                double x = x(p.t(), tMax);
                b.append(String.format(
                        Locale.ROOT,
                        "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' stroke='#bbb' stroke-dasharray='3'/>"
                                + "<text x='%.1f' y='%d' font-size='11'>%s</text>",
                        x,
                        x,
                        PAD_T,
                        H - PAD_B,
                        x + 2,
                        PAD_T - 8,
                        esc(p.step())));
                lastStep = p.step();
            }
        }
        b.append(line(pts, tMax, logMin, logMax, "#999", 2))
                .append(line(pts, tMax, logMin, logMax, "#d62728", 1))
                .append(line(pts, tMax, logMin, logMax, "#1f77b4", 0));
        b.append(String.format(
                Locale.ROOT,
                "<text x='%d' y='%d' font-size='11'>seconds since the clients connected (%.0f s)</text>",
                W / 2 - 100,
                H - 8,
                tMax));
        return b.append("</svg>").toString();
    }

    private static String line(
            List<TimelinePoint> pts, double tMax, double logMin, double logMax, String color, int which) {
        StringBuilder d = new StringBuilder();
        for (TimelinePoint p : pts) {
            double v = which == 0 ? p.p50Ms() : which == 1 ? p.p99Ms() : p.maxMs();
            d.append(d.length() == 0 ? "M" : " L")
                    .append(String.format(Locale.ROOT, "%.1f %.1f", x(p.t(), tMax), y(v, logMin, logMax)));
        }
        return "<path d='" + d + "' fill='none' stroke='" + color + "' stroke-width='1.5'/>";
    }

    private static double x(double t, double tMax) {
        return PAD_L + (W - PAD_L - 10) * t / tMax;
    }

    private static double y(double ms, double logMin, double logMax) {
        double l = Math.log10(Math.max(ms, Math.pow(10, logMin)));
        return H - PAD_B - (H - PAD_B - PAD_T) * (l - logMin) / (logMax - logMin);
    }

    private static String fmt(double v) {
        return v < 1 ? String.valueOf(v) : String.valueOf((long) v);
    }

    private static String esc(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("'", "&#39;");
    }
}
