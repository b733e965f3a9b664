package io.alertrelay.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens the relay created itself (the first-start admin token), kept as hashes in
 * {@code dataDir/tokens.json}. Written to a temporary file and moved into place so a crash never leaves half a file.
 */
public final class TokenFile {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Path file;

    public TokenFile(Path dataDir) {
        this.file = dataDir.resolve("tokens.json");
    }

    public Path path() {
        return file;
    }

    public List<StoredToken> read() {
        if (!Files.exists(file)) return List.of();
        try {
            JsonNode root = MAPPER.readTree(file.toFile());
            List<StoredToken> out = new ArrayList<>();
            for (JsonNode n : root.path("tokens")) {
                out.add(new StoredToken(
                        n.path("name").asText(),
                        Role.fromWireName(n.path("role").asText()),
                        n.path("sha256").asText(),
                        Instant.parse(n.path("createdAt").asText())));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the token file " + file + ": " + e.getMessage()
                            + ". Fix or delete it (deleting it makes the relay print a new admin token at the next"
                            + " start)",
                    e);
        }
    }

    public void append(StoredToken t) throws IOException {
        List<StoredToken> all = new ArrayList<>(read());
        all.add(t);
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("tokens");
        for (StoredToken s : all) {
            arr.addObject()
                    .put("name", s.name())
                    .put("role", s.role().wireName())
                    .put("sha256", s.sha256())
                    .put("createdAt", s.createdAt().toString());
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("tokens.json.tmp");
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
