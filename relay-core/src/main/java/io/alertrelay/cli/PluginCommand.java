package io.alertrelay.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code relay plugin new}: a plugin project outside this repository, ready for {@code ./mvnw verify}. */
@Command(
        name = "plugin",
        mixinStandardHelpOptions = true,
        description = "Plugin authoring.",
        subcommands = {PluginCommand.New.class})
public final class PluginCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("relay plugin: say what to do, e.g. relay plugin new cert-expiry (see --help)");
        return 2;
    }

    @Command(
            name = "new",
            mixinStandardHelpOptions = true,
            description = {
                "Writes a plugin project: a pom importing the plugin SDK (install it first with ./relay sdk install),"
                        + " a sample event source or webhook format, a unit test, an end-to-end test on a real"
                        + " relay, and the Maven wrapper. Then: cd DIR && ./mvnw verify"
            })
    static final class New implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ID", description = "the plugin id, e.g. cert-expiry")
        String id;

        @Option(
                names = "--kind",
                defaultValue = "source",
                description = "source (default): an event source with a shipped rule; webhook-format: a format")
        String kind;

        @Option(names = "--dir", paramLabel = "DIR", description = "where to write it (default: ./ID)")
        Path dir;

        @Option(
                names = "--package",
                paramLabel = "PACKAGE",
                description = "the Java package (default: com.example.ID without dashes)")
        String pkg;

        @Override
        public Integer call() throws Exception {
            Path into = dir != null ? dir : Path.of(id);
            List<String> files;
            try {
                files = PluginScaffold.write(id, PluginScaffold.Kind.of(kind), pkg, into);
            } catch (IllegalArgumentException e) {
                System.err.println("relay plugin new: " + e.getMessage());
                return 2;
            }
            System.out.println("wrote plugin " + id + " (" + kind + ") in " + into.toAbsolutePath() + ":");
            files.forEach(f -> System.out.println("  " + f));
            System.out.println("next: cd " + into + " && ./mvnw verify   (install the SDK first: ./relay sdk install)");
            return 0;
        }
    }
}
