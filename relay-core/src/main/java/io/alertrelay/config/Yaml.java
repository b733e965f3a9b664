package io.alertrelay.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads YAML text into a Jackson tree, turning syntax errors into one line an operator can act on. */
final class Yaml {

    /** A key written twice in one mapping is an error, not "the last one wins". */
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /** The text is not YAML; the message says where ("line 3, column 7: ...") and why. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Yaml() {}

    /** The tree of the first document; {@link MissingNode} for an empty document or only comments. */
    static JsonNode parse(byte[] yaml) throws SyntaxError {
        try {
            return orMissing(MAPPER.readTree(yaml));
        } catch (IOException e) {
            throw new SyntaxError(describe(e, true), e);
        }
    }

    /** As {@link #parse(byte[])} for one value, such as an environment variable; no line in the message. */
    static JsonNode parse(String yaml) throws SyntaxError {
        try {
            return orMissing(MAPPER.readTree(yaml));
        } catch (IOException e) {
            throw new SyntaxError(describe(e, false), e);
        }
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null ? MissingNode.getInstance() : node;
    }

    private static String describe(IOException e, boolean withLine) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException y && y.getProblemMark() != null) {
                StringBuilder out = new StringBuilder("invalid YAML at ")
                        .append(position(y.getProblemMark(), withLine))
                        .append(": ")
                        .append(y.getProblem());
                if (y.getContext() != null && y.getContextMark() != null) {
                    out.append(" (")
                            .append(y.getContext())
                            .append(" that starts at ")
                            .append(position(y.getContextMark(), withLine))
                            .append(')');
                }
                return out.toString();
            }
        }
        String problem = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (problem != null && problem.startsWith("Duplicate field '")) {
            String key = problem.substring(
                    "Duplicate field '".length(), problem.indexOf('\'', "Duplicate field '".length()));
            problem = "key '" + key + "' is written twice in the same mapping; keep one";
        }
        JsonLocation at = e instanceof JsonProcessingException j ? j.getLocation() : null;
        if (at == null || at.getLineNr() < 1) return "invalid YAML: " + problem;
        return "invalid YAML at " + (withLine ? "line " + at.getLineNr() + ", " : "") + "column " + at.getColumnNr()
                + ": " + problem;
    }

    private static String position(Mark mark, boolean withLine) {
        return (withLine ? "line " + (mark.getLine() + 1) + ", " : "") + "column " + (mark.getColumn() + 1);
    }
}
