package io.alertrelay.loadtest;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar loadtest/target/loadtest.jar}: {@code run} a scenario against the relay and the Node
 * baseline, or {@code bench} the hot paths with JMH. loadtest/README.md has the exact commands.
 */
@Command(
        name = "loadtest",
        mixinStandardHelpOptions = true,
        description =
                "Alert Relay load test: connection scale, fan-out and resume, side by side with the Node ws baseline.",
        subcommands = {RunCommand.class, BenchCommand.class})
public final class LoadTestMain implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadTestMain()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
