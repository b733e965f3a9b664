package io.alertrelay.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a real program a test needs (promtool, nginx, redis-server, ...). Missing: the test is skipped with a
 * loud reason on a developer machine, and fails under CI=true, where .ci/run must have installed it.
 */
public final class ExternalProgram {

    private ExternalProgram() {}

    public static Path require(String name, String debianPackage) {
        Optional<Path> found = find(name);
        if (found.isPresent()) return found.get();
        String why =
                name + " is not installed (Debian package " + debianPackage + "): apt-get install " + debianPackage;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("CI=true and " + why);
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
        throw new IllegalStateException("unreachable");
    }

    static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/bin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
