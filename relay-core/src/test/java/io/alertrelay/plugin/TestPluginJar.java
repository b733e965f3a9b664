package io.alertrelay.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes a real PF4J plugin jar (manifest descriptor, extension index, class files) for host tests. */
public final class TestPluginJar {

    private TestPluginJar() {}

    public static Path write(Path dir, String id, String requires, Class<?>... extensions) throws IOException {
        return write(dir, id, "1.2.3", requires, extensions);
    }

    public static Path write(Path dir, String id, String version, String requires, Class<?>... extensions)
            throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Plugin-Id", id);
        a.putValue("Plugin-Version", version);
        a.putValue("Plugin-Requires", requires);
        a.putValue("Plugin-Description", "test plugin " + id);
        Files.createDirectories(dir);
        Path jar = dir.resolve(id + ".jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out, mf)) {
            StringBuilder idx = new StringBuilder();
            for (Class<?> c : extensions) {
                String entry = c.getName().replace('.', '/') + ".class";
                j.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(j);
                }
                j.closeEntry();
                idx.append(c.getName()).append('\n');
            }
            j.putNextEntry(new JarEntry("META-INF/extensions.idx"));
            j.write(idx.toString().getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return jar;
    }
}
