package io.alertrelay.plugins.logpatterns;

import java.nio.file.Path;

/** What following files produces: complete lines for the patterns, and rotations for the metrics. */
interface LogEvents {

    enum Rotation {
        RENAME,
        TRUNCATE
    }

    /**
     * One complete line of {@code file}, decoded, without its line end.
     *
     * @param cut the line was longer than the limit and this is its start
     */
    void line(Path file, String text, boolean cut);

    /** {@code file} was rotated: renamed and replaced (or re-created), or truncated in place. */
    void rotated(Path file, Rotation how);
}
