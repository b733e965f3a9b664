package io.alertrelay.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.pf4j.CompoundPluginDescriptorFinder;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginWrapper;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.pf4j.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin files around PF4J: which plugin a file holds, which file a loaded plugin came from, and the folder
 * PF4J expands a zip into ({@code name/} next to {@code name.zip}). PF4J expands a zip again only when the zip is
 * newer than that folder, so a build moved in with an older time would run the old code: the host removes the
 * folder before a zip is loaded, and PF4J expands the zip's current content.
 */
final class PluginFiles {

    private static final Logger log = LoggerFactory.getLogger(PluginFiles.class);
    // the finders DefaultPluginManager uses, in its order
    private static final PluginDescriptorFinder DESCRIPTORS = new CompoundPluginDescriptorFinder()
            .add(new PropertiesPluginDescriptorFinder())
            .add(new ManifestPluginDescriptorFinder());

    private PluginFiles() {}

    /** The id in the file's descriptor (plugin.properties, or the manifest). */
    static String pluginId(Path file) {
        String id = DESCRIPTORS.find(file).getPluginId();
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(file + " has no plugin id in its descriptor");
        }
        return id;
    }

    /** The zip or jar a loaded plugin came from (PF4J loads a zip from the folder it expanded it into). */
    static Path sourceFile(PluginWrapper w) {
        Path p = w.getPluginPath();
        if (Files.isDirectory(p)) {
            Path zip = p.resolveSibling(p.getFileName() + ".zip");
            if (Files.isRegularFile(zip)) return zip;
        }
        return p;
    }

    /** The hex SHA-256 of a file's content, or null when it cannot be read. */
    static String sha256(Path p) {
        if (p == null || !Files.isRegularFile(p)) return null;
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Removes the folder PF4J expanded {@code zip} into, if there is one; false when it could not. */
    static boolean dropExpansion(Path zip) {
        String name = zip.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".zip")) return true;
        Path dir = zip.resolveSibling(name.substring(0, name.length() - ".zip".length()));
        if (!Files.isDirectory(dir)) return true;
        try {
            FileUtils.delete(dir);
            return true;
        } catch (IOException e) {
            log.warn(
                    "cannot remove {}, where an earlier build of {} was expanded ({}); PF4J may load the old"
                            + " build from it",
                    dir,
                    zip.getFileName(),
                    e.toString());
            return false;
        }
    }

    /** At start-up: every zip in a writable folder is expanded afresh, so what runs is what the zip holds now. */
    static void dropExpansions(List<Path> roots) {
        for (Path root : roots) {
            if (!Files.isDirectory(root) || !Files.isWritable(root)) continue;
            try (Stream<Path> s = Files.list(root)) {
                s.filter(FileUtils::isZipFile).forEach(PluginFiles::dropExpansion);
            } catch (IOException e) {
                // PF4J reports an unreadable folder when it lists it
            }
        }
    }

    /**
     * Moves a replaced build out of the way ({@code name.zip} becomes {@code name.zip.replaced}), so the next
     * start-up does not find two plugins of one id. Returns where it went, or null when it could not be moved.
     */
    static Path setAside(Path file) {
        Path aside = file.resolveSibling(file.getFileName() + ".replaced");
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            dropExpansion(file);
            return aside;
        } catch (IOException e) {
            return null;
        }
    }
}
