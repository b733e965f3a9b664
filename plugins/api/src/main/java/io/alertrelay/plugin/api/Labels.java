package io.alertrelay.plugin.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for label maps. */
public final class Labels {

    private Labels() {}

    /** {@code Labels.of("mountpoint", "/", "device", "vda1")}. */
    public static Map<String, String> of(String... pairs) {
        if (pairs.length % 2 != 0) throw new IllegalArgumentException("labels come in name, value pairs");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return Map.copyOf(m);
    }
}
