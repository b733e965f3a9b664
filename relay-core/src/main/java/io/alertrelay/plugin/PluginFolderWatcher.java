package io.alertrelay.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Notices plugin files (zip or jar) dropped into the plugin folders after start-up, new ones and new builds over
 * old ones. Polls (every few seconds, from the host's housekeeping) instead of using a WatchService, which misses
 * events on some container file systems. A file is taken once its size and time stopped changing between two
 * polls, so a half-copied zip is not loaded; a file whose content is what was loaded (it was only touched) is not
 * taken again. Not thread-safe: the host's housekeeping thread owns it.
 */
final class PluginFolderWatcher {

    /** What a file looked like at one poll. */
    private record Stamp(long size, long modified) {}

    private final List<Path> roots;
    private final Map<Path, Stamp> known = new HashMap<>();
    private final Map<Path, String> knownContent = new HashMap<>();
    private final Map<Path, Stamp> settling = new HashMap<>();

    PluginFolderWatcher(List<Path> roots) {
        this.roots = roots;
    }

    /** Remembers what is there now: those files are loaded by the normal start-up. */
    void snapshot() {
        for (Path p : list()) {
            known.put(p, stamp(p));
            knownContent.put(p, PluginFiles.sha256(p));
        }
    }

    /** Files that appeared, or got other content, since the last call and have settled. */
    List<Path> changedPluginFiles() {
        List<Path> present = list();
        known.keySet().retainAll(present); // a file taken away and put back is new again
        knownContent.keySet().retainAll(present);
        settling.keySet().retainAll(present);
        List<Path> ready = new ArrayList<>();
        for (Path p : present) {
            Stamp now = stamp(p);
            if (now.equals(known.get(p))) continue;
            Stamp before = settling.put(p, now);
            if (!now.equals(before)) continue; // still being written, or first seen: look again next poll
            settling.remove(p);
            known.put(p, now);
            String content = PluginFiles.sha256(p);
            if (content != null && content.equals(knownContent.get(p))) continue; // touched, not changed
            knownContent.put(p, content);
            ready.add(p);
        }
        return ready;
    }

    private List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> s = Files.list(root)) {
                s.filter(PluginFolderWatcher::isPluginFile).forEach(out::add);
            } catch (IOException e) {
                // an unreadable folder is retried at the next poll
            }
        }
        return out;
    }

    static boolean isPluginFile(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".zip") || n.endsWith(".jar"));
    }

    private static Stamp stamp(Path p) {
        try {
            return new Stamp(Files.size(p), Files.getLastModifiedTime(p).toMillis());
        } catch (IOException e) {
            return new Stamp(-1, -1);
        }
    }
}
