package io.alertrelay.alert;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Objects;

/**
 * One label condition, as in Alertmanager silences and PromQL selectors: {@code env="prod"},
 * {@code env!="dev"}, {@code severity=~"critical|warning"}, {@code instance!~"test-.*"}.
 * Subscriptions filter with these and silences are made of them, so they follow Alertmanager's rules exactly
 * where an operator would notice:
 * <ul>
 *   <li>regexes are fully anchored ({@code =~"crit"} does not match {@code critical}), as in PromQL;</li>
 *   <li>a missing label matches as the empty string: {@code foo=""} matches alerts without {@code foo},
 *       {@code foo!=""} requires {@code foo} to be present;</li>
 *   <li>the text form is Alertmanager's ({@code name op "value"}, quotes optional, escapes {@code \"},
 *       {@code \\}, {@code \n}; any other backslash is literal, so {@code =~"\d+"} means what it says).</li>
 * </ul>
 * Regexes are RE2, the syntax and engine of Alertmanager's (Go) matchers, through Google's RE2/J: a match takes
 * time linear in the value's length whatever the pattern, so a filter can be evaluated under the pipeline's lock.
 * {@code .} does not match a newline and {@code $} is the end of the value, as in Go. What RE2 does not have
 * (backreferences, lookaround, possessive quantifiers) is refused with a message saying so. A regex whose RE2
 * program would be larger than {@value #MAX_PROGRAM_ESTIMATE} instructions by {@link RegexSize}'s count is refused
 * before it is compiled (compiling {@code ((a{1000}){1000}){1000}} would run out of memory); front doors apply the
 * configured, smaller {@code limits.maxRegexProgram} on {@link #programSize()}.
 *
 * @param name    label name, {@code [a-zA-Z_][a-zA-Z0-9_]*}
 * @param op      how {@code value} is compared
 * @param value   the literal, or the regex for {@link Op#RE} and {@link Op#NRE}
 * @param pattern derived: {@code value} compiled for the regex ops, null otherwise. Whatever is passed is
 *                replaced unless it is that same compilation; it takes no part in equals or hashCode.
 */
public record Matcher(String name, Op op, String value, Pattern pattern) {

    /** The four comparisons, with the symbol each has in the text form. */
    public enum Op {
        EQ("="),
        NEQ("!="),
        RE("=~"),
        NRE("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean regex() {
            return this == RE || this == NRE;
        }
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /**
     * Above this many instructions by {@link RegexSize}'s count a regex is not compiled at all: a generous margin
     * over the largest {@code limits.maxRegexProgram} allowed, and still under a millisecond to compile.
     */
    static final long MAX_PROGRAM_ESTIMATE = 40_000;

    private static final String RE2_SYNTAX = "matchers use RE2 syntax, as Alertmanager does (no backreferences,"
            + " lookaround or possessive quantifiers)";
    private static final String NAME_FORM = "a label name is [a-zA-Z_][a-zA-Z0-9_]*";
    private static final String FORMS = "write name=value, name!=value, name=~regex or name!~regex";

    /** Validates and compiles; the exception names the matcher and the allowed forms. */
    public Matcher {
        String text = name + (op == null ? "" : op.symbol) + '"' + escape(value) + '"';
        if (op == null) throw bad(text, "no operator");
        if (value == null) throw bad(text, "no value (use \"\" for the empty string)");
        if (name == null || !NAME.matcher(name).matches()) {
            throw bad(text, "label name '" + name + "' is not valid, " + NAME_FORM);
        }
        if (!op.regex()) {
            pattern = null;
        } else if (pattern == null || pattern.flags() != 0 || !pattern.pattern().equals(value)) {
            // flags 0: '.' does not match a newline, '$' is the end of the value, case-sensitive: Go's defaults
            pattern = compile(text, value);
        }
    }

    /** A matcher from its parts; the regex is compiled here, so a bad one fails now rather than on use. */
    public Matcher(String name, Op op, String value) {
        this(name, op, value, null);
    }

    /**
     * Parses Alertmanager's text form: {@code name=value}, {@code name!=value}, {@code name=~regex},
     * {@code name!~regex}, value optionally in double quotes, whitespace allowed around the operator.
     *
     * @throws IllegalArgumentException naming the text, what was wrong, and the allowed forms
     */
    public static Matcher parse(String text) {
        if (text == null) throw new IllegalArgumentException("matcher is missing (null): " + FORMS);
        int i = skipSpace(text, 0);
        int nameStart = i;
        while (i < text.length() && !endsName(text.charAt(i))) i++;
        String name = text.substring(nameStart, i);
        if (name.isEmpty()) {
            throw bad(text, i == text.length() ? "it is empty" : "no label name before the operator");
        }
        if (!NAME.matcher(name).matches()) {
            throw bad(text, "label name '" + name + "' is not valid, " + NAME_FORM);
        }
        i = skipSpace(text, i);
        Op op = opAt(text, i);
        if (op == null) throw bad(text, "no operator (=, !=, =~ or !~) after label name '" + name + "'");
        i = skipSpace(text, i + op.symbol.length());
        int end = text.length();
        while (end > i && Character.isWhitespace(text.charAt(end - 1))) end--;
        String value = unquote(text, text.substring(i, end));
        return new Matcher(name, op, value, op.regex() ? compile(text, value) : null);
    }

    /**
     * Whether a label value satisfies this matcher.
     *
     * @param valueOrNull the label's value, or null when the alert has no such label (matched as "")
     */
    public boolean matches(String valueOrNull) {
        return matches(valueOrNull, MatchDeadline.NONE);
    }

    /**
     * Whether a label value satisfies this matcher, stopping when {@code deadline} passes.
     *
     * @throws MatchDeadline.Exceeded when the deadline passed before or during a regex match
     */
    public boolean matches(String valueOrNull, MatchDeadline deadline) {
        String v = valueOrNull == null ? "" : valueOrNull;
        return switch (op) {
            case EQ -> v.equals(value);
            case NEQ -> !v.equals(value);
            case RE -> regexMatches(v, deadline);
            case NRE -> !regexMatches(v, deadline);
        };
    }

    private boolean regexMatches(String v, MatchDeadline deadline) {
        deadline.check(); // starting a match costs about the program's size, even on ""
        // matches() is a full match: the same as Alertmanager's "^(?:" + value + ")$"
        return pattern.matcher(MatchDeadline.metered(v, deadline)).matches();
    }

    /** The size of the compiled RE2 program, 0 for {@code =} and {@code !=}: what a match costs per character. */
    public int programSize() {
        return pattern == null ? 0 : pattern.programSize();
    }

    /**
     * This matcher, if its regex compiles to at most {@code max} RE2 instructions.
     *
     * @throws IllegalArgumentException naming the matcher, its size, the limit and its key
     */
    public Matcher requireProgramAtMost(int max) {
        int size = programSize();
        if (size > max) {
            throw bad(
                    toString(),
                    "the regex compiles to " + size + " RE2 instructions, more than the " + max
                            + " allowed (limits.maxRegexProgram; about one per character, and x{n} counts x n times):"
                            + " simplify it or split it into several matchers");
        }
        return this;
    }

    /**
     * The canonical text form, {@code name op "value"} with the value quoted and escaped; {@link #parse} reads it back.
     */
    @Override
    public String toString() {
        return name + op.symbol + '"' + escape(value) + '"';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && name.equals(m.name) && op == m.op && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }

    private static boolean endsName(char c) {
        return Character.isWhitespace(c) || c == '=' || c == '!' || c == '~' || c == '"';
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private static Op opAt(String s, int i) {
        // "=~" before "=": otherwise the "~" would be read as the first character of the value
        for (Op op : new Op[] {Op.RE, Op.NRE, Op.NEQ, Op.EQ}) {
            if (s.startsWith(op.symbol, i)) return op;
        }
        return null;
    }

    /** Alertmanager's unescaping: \" \\ \n are escapes, any other backslash is literal. */
    private static String unquote(String text, String raw) {
        boolean quoted = raw.startsWith("\"");
        String body = quoted ? raw.substring(1) : raw;
        StringBuilder out = new StringBuilder(body.length());
        boolean closed = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char next = body.charAt(i + 1);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case '"', '\\' -> out.append(next);
                    default -> out.append('\\').append(next);
                }
                i++;
            } else if (c == '"') {
                if (!quoted || i != body.length() - 1) {
                    throw bad(text, "unescaped double quote inside the value (write \\\" for a literal quote)");
                }
                closed = true;
            } else {
                out.append(c);
            }
        }
        if (quoted && !closed) throw bad(text, "the value opens a double quote but does not close it");
        return out.toString();
    }

    private static String escape(String value) {
        if (value == null) return "";
        StringBuilder out = new StringBuilder(value.length() + 2);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append("\\\"");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static Pattern compile(String text, String regex) {
        long estimate = RegexSize.upperBound(regex);
        if (estimate > MAX_PROGRAM_ESTIMATE) {
            throw bad(
                    text,
                    "the regex would compile to more than " + MAX_PROGRAM_ESTIMATE + " RE2 instructions"
                            + " (about one per character, and x{n} counts x n times; nested counted repeats multiply):"
                            + " simplify it");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw bad(
                    text,
                    "bad regex '" + regex + "': " + e.getDescription()
                            + (e.getPattern() == null || e.getPattern().isEmpty() ? "" : ": `" + e.getPattern() + "`")
                            + "; " + RE2_SYNTAX);
        }
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException("matcher '" + text + "': " + problem + ": " + FORMS);
    }
}
