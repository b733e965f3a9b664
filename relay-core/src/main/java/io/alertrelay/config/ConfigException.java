package io.alertrelay.config;

import java.util.List;

/**
 * The configuration cannot be used. The message is written for the operator and is meant to be
 * printed as is: one line per problem, each naming where (file or environment variable), the key,
 * the value found and what is allowed. All problems found are reported at once.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public ConfigException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) throw new IllegalArgumentException("a ConfigException needs at least one problem");
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
