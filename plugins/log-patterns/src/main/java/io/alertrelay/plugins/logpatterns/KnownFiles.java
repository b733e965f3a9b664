package io.alertrelay.plugins.logpatterns;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The files (by identity: device and inode, {@code BasicFileAttributes.fileKey()}) that one configured path has
 * open or has read, and how far. A glob such as {@code /var/log/app/*} also matches the file a rotation renamed
 * ({@code app.log.1}); this is how it knows that file is not new and goes on from where it was instead of
 * reading it again from the start. Inode numbers are reused once a file is deleted, so a closed file also keeps
 * the last bytes read ({@link OpenLogFile#CHECK_BYTES}): a new file with the same inode but other bytes there is
 * read from its start. Bounded: it remembers the last {@value #REMEMBERED} closed files.
 */
final class KnownFiles {

    static final int REMEMBERED = 256;

    /** Where reading of a closed file stopped, and the bytes just before that point. */
    record Resume(long position, byte[] tail) {}

    private final Set<Object> open = new HashSet<>();
    private final Map<Object, Resume> closedAt = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Resume> eldest) {
            return size() > REMEMBERED;
        }
    };

    void opened(Object key) {
        if (key == null) return;
        open.add(key);
        closedAt.remove(key);
    }

    void closed(Object key, Resume where) {
        if (key == null) return;
        open.remove(key);
        closedAt.put(key, where);
    }

    /** Whether a reader of this path has the file open (say, a renamed file it is still draining). */
    boolean isOpen(Object key) {
        return key != null && open.contains(key);
    }

    /** Where reading of a file closed earlier stopped, if it is one. */
    Optional<Resume> closedAt(Object key) {
        return Optional.ofNullable(key == null ? null : closedAt.get(key));
    }
}
