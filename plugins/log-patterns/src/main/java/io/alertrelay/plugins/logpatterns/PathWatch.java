package io.alertrelay.plugins.logpatterns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One configured path: a file, or a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}} within directory
 * levels) that may match many. Keeps a {@link FileFollower} per file: the files there at start-up are followed from
 * their end, files that appear later from their start; a file that disappears from a glob is dropped once its last
 * bytes are read. Reports what it cannot follow to {@link FileProblems}, with what to do, and tries again every
 * poll: a file by its absolute path (as the alerts' {@code file} label, so the relay can mark them stale), a glob
 * that matches nothing by the glob as written.
 */
final class PathWatch implements AutoCloseable {

    private final String configured;
    private final String configKey;
    private final Path fixed;
    private final Path root;
    private final int depth;
    private final PathMatcher matcher;
    private final Duration rotationGrace;
    private final int maxLineBytes;
    private final LogEvents events;
    private final KnownFiles known = new KnownFiles();
    private final Map<Path, FileFollower> followers = new LinkedHashMap<>();
    private boolean firstPoll = true;

    /**
     * @param configured the path or glob as written
     * @param configKey  where it is written, e.g. {@code plugins.log-patterns.files[0].path}, for messages
     */
    PathWatch(String configured, String configKey, Duration rotationGrace, int maxLineBytes, LogEvents events) {
        this.configured = configured;
        this.configKey = configKey;
        this.rotationGrace = rotationGrace;
        this.maxLineBytes = maxLineBytes;
        this.events = events;
        Path p = Path.of(configured).toAbsolutePath().normalize();
        int firstGlob = -1;
        for (int i = 0; i < p.getNameCount() && firstGlob < 0; i++) {
            if (isGlob(p.getName(i).toString())) firstGlob = i;
        }
        if (firstGlob < 0) {
            fixed = p;
            root = null;
            depth = 0;
            matcher = null;
        } else {
            fixed = null;
            root = firstGlob == 0 ? p.getRoot() : p.getRoot().resolve(p.subpath(0, firstGlob));
            depth = p.getNameCount() - firstGlob;
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + p);
        }
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** Files open now (followed, or rotated ones still being read). */
    int openFiles() {
        return followers.values().stream().mapToInt(FileFollower::openFiles).sum();
    }

    void poll(Instant now, long maxBytes, ByteBuffer scratch, FileProblems problems) {
        boolean startUp = firstPoll;
        firstPoll = false;
        if (fixed != null) {
            FileFollower f = followers.computeIfAbsent(fixed, p -> follower(p, startUp));
            // keyed by the absolute path, as the file label of the alerts from it: the relay marks those stale
            String key = fixed.toString();
            FileFollower.Status s = pollOne(f, key, now, maxBytes, scratch, problems);
            // a renamed or deleted file is still read for the rotation grace: missing only once nothing is open
            if (s == FileFollower.Status.MISSING && !f.hasOpenFile()) {
                problems.problem(
                        key,
                        key + " does not exist; checking again every poll. Check "
                                + configKey + " (log paths differ between distributions: Debian's /var/log/auth.log is"
                                + " /var/log/secure on RHEL) and that the program writing it runs");
            }
            return;
        }
        TreeSet<Path> found = new TreeSet<>();
        String listProblem = expand(found);
        for (Path p : found) followers.computeIfAbsent(p, q -> follower(q, startUp));
        for (Iterator<FileFollower> it = followers.values().iterator(); it.hasNext(); ) {
            FileFollower f = it.next();
            String key = f.path().toString();
            FileFollower.Status s = pollOne(f, key, now, maxBytes, scratch, problems);
            if (s == FileFollower.Status.MISSING) problems.ok(key);
            if (!found.contains(f.path()) && s == FileFollower.Status.MISSING && !f.hasOpenFile()) {
                f.close();
                it.remove();
            }
        }
        if (listProblem != null) {
            problems.problem(configured, listProblem);
        } else if (found.isEmpty()) {
            problems.problem(
                    configured,
                    "no file matches " + configured + " yet; checking again every poll. Check " + configKey
                            + " and that the program writing the logs runs");
        } else {
            problems.ok(configured);
        }
    }

    /** Polls one follower and reports an unreadable file under {@code key}, or that it is fine. */
    private FileFollower.Status pollOne(
            FileFollower f, String key, Instant now, long maxBytes, ByteBuffer scratch, FileProblems problems) {
        String file = f.path().toString();
        FileFollower.Status s;
        try {
            s = f.poll(now, maxBytes, scratch);
        } catch (IOException e) {
            problems.problem(
                    key,
                    file + " could not be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "); trying again every poll");
            return FileFollower.Status.UNREADABLE;
        }
        switch (s) {
            case UNREADABLE ->
                problems.problem(
                        key,
                        file + " cannot be read (" + f.problem() + "); checking again every"
                                + " poll. Give the relay's user read access to it, e.g. add the user to the group that"
                                + " owns it"
                                + " (adm on Debian and Ubuntu)");
            case NOT_A_FILE ->
                problems.problem(
                        key,
                        file + " is " + f.problem() + ", not a log file; checking again"
                                + " every poll. Point " + configKey
                                + " at a file, or at the files in a directory with a glob such"
                                + " as " + file + "/*.log");
            case OK -> problems.ok(key);
            case MISSING -> {} // the caller knows whether that is a problem
        }
        return s;
    }

    /** Lists the files the glob matches now; returns what went wrong, or null. */
    private String expand(TreeSet<Path> into) {
        if (!Files.isDirectory(root)) {
            return "no file matches " + configured + ": the directory " + root + " does not exist; checking again every"
                    + " poll. Check " + configKey;
        }
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()
                            && file.getNameCount() == root.getNameCount() + depth
                            && matcher.matches(file)) {
                        into.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a subdirectory we may not enter: its files are not ours
                }
            });
        } catch (IOException e) {
            return "cannot list " + root + " for " + configured + " ("
                    + e.getClass().getSimpleName() + "); checking"
                    + " again every poll. Give the relay's user read access to the directory";
        }
        return null;
    }

    private FileFollower follower(Path p, boolean startUp) {
        return new FileFollower(p, startUp, rotationGrace, maxLineBytes, events, known);
    }

    @Override
    public String toString() {
        return configured;
    }

    @Override
    public void close() {
        followers.values().forEach(FileFollower::close);
        followers.clear();
    }
}
