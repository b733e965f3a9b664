package io.alertrelay.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a real PF4J plugin zip, laid out as the build's plugin-zip.xml lays out the built-in ones:
 * {@code plugin.properties} at the root and the plugin's jar (classes and extension index) in {@code lib/}.
 */
public final class TestPluginZip {

    private TestPluginZip() {}

    /** {@code dir/<file>}: plugin {@code id} at {@code version}, running {@code extensions}. */
    public static Path write(Path dir, String file, String id, String version, String requires, Class<?>... extensions)
            throws IOException {
        Path work = Files.createTempDirectory("plugin-zip");
        Path jar = TestPluginJar.write(work, id, version, requires, extensions);
        Files.createDirectories(dir);
        Path zip = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("plugin.properties"));
            z.write(("plugin.id=" + id + "\nplugin.version=" + version + "\nplugin.requires=" + requires
                            + "\nplugin.description=test plugin " + id + "\nplugin.provider=tests\n")
                    .getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("lib/" + id + ".jar"));
            Files.copy(jar, z);
            z.closeEntry();
        }
        Files.delete(jar);
        Files.delete(work);
        return zip;
    }

    /** As {@link #write}, built elsewhere and then moved in whole, as an operator would (no half-written zip). */
    public static Path drop(Path dir, String file, String id, String version, String requires, Class<?>... extensions)
            throws IOException {
        Path staging = Files.createTempDirectory(dir.toAbsolutePath().getParent(), "plugin-staging");
        Path built = write(staging, file, id, version, requires, extensions);
        Path target = Files.move(
                built,
                dir.resolve(file),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.delete(staging);
        return target;
    }
}
