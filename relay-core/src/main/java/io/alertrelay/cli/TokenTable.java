package io.alertrelay.cli;

import io.alertrelay.auth.StoredToken;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** {@code relay token list}'s table. It shows the first 8 hex digits of a hash to tell tokens apart, never more. */
final class TokenTable {

    /** One printed row; every field is already text. */
    record Line(String name, String role, String created, String revoked, String hash, String source) {

        static Line of(StoredToken t, Instant revokedAt, String source) {
            return new Line(
                    t.name(),
                    t.role().wireName(),
                    t.createdAt() == null ? "-" : t.createdAt().toString(),
                    revokedAt == null ? "-" : revokedAt.toString(),
                    t.sha256().substring(0, 8) + "…",
                    source);
        }

        String[] cells() {
            return new String[] {name, role, created, revoked, hash, source};
        }
    }

    private static final String[] HEADER = {"NAME", "ROLE", "CREATED", "REVOKED", "SHA256", "SOURCE"};

    private TokenTable() {}

    static void print(PrintWriter out, List<Line> lines) {
        int[] width = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) width[i] = HEADER[i].length();
        for (Line l : lines) {
            String[] c = l.cells();
            for (int i = 0; i < c.length; i++) width[i] = Math.max(width[i], c[i].length());
        }
        row(out, HEADER, width);
        for (Line l : lines) row(out, l.cells(), width);
    }

    private static void row(PrintWriter out, String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(cells[i]);
            if (i < cells.length - 1) b.append(" ".repeat(width[i] - cells[i].length() + 2));
        }
        out.println(b);
    }
}
