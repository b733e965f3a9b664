package io.alertrelay.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Notices plugin files (zip or jar) dropped into the plugin folders after start-up. Polls (every few
 * seconds, from the host's housekeeping) instead of using a WatchService, which misses events on some
 * container file systems; a file is taken once its size stopped changing, so a half-copied zip is not loaded.
 */
final class PluginFolderWatcher {

    private final List<Path> roots;
    private final Set<Path> known = new HashSet<>();
    private final java.util.Map<Path, Long> sizes = new java.util.HashMap<>();

    PluginFolderWatcher(List<Path> roots) {
        this.roots = roots;
    }

    /** Remembers what is there now: those files are loaded by the normal start-up. */
    void snapshot() {
        known.addAll(list());
    }

    List<Path> newPluginFiles() {
        List<Path> ready = new ArrayList<>();
        for (Path p : list()) {
            if (known.contains(p)) continue;
            long size = size(p);
            Long before = sizes.put(p, size);
            if (before != null && before == size) {
                known.add(p);
                sizes.remove(p);
                ready.add(p);
            }
        }
        return ready;
    }

    private List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> s = Files.list(root)) {
                s.filter(p -> {
                    String n = p.getFileName().toString();
                    return Files.isRegularFile(p) && (n.endsWith(".zip") || n.endsWith(".jar"));
                }).forEach(out::add);
            } catch (IOException e) {
                // an unreadable folder is retried at the next poll
            }
        }
        return out;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
