package io.alertrelay.loadtest.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;

/** Reads scenario files; an unknown key is an error, so a typo does not silently run the wrong test. */
public final class Scenarios {

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Scenarios() {}

    public static Scenario load(Path file) throws IOException {
        try {
            return YAML.readValue(file.toFile(), Scenario.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("scenario " + file + ": " + e.getMessage(), e);
        }
    }
}
