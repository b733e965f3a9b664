package io.alertrelay.plugins.hostmetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The few kernel counters OSHI does not cover, read from /proc. */
final class ProcFiles {

    private ProcFiles() {}

    /** The {@code oom_kill} counter of /proc/vmstat (Linux 4.13+); empty where the kernel has none. */
    static OptionalLong oomKills(Path vmstat) {
        try {
            for (String line : Files.readAllLines(vmstat)) {
                if (line.startsWith("oom_kill "))
                    return OptionalLong.of(Long.parseLong(line.substring(9).trim()));
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an old kernel: the OOM rule then stays quiet
        }
        return OptionalLong.empty();
    }
}
