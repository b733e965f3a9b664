package io.alertrelay.testing;

import java.util.Arrays;
import java.util.stream.Collectors;

/** JSON texts for the frames and bodies tests send. */
public final class Frames {

    private Frames() {}

    public static String subscribe(String... matchers) {
        return "{\"type\":\"subscribe\",\"filter\":{\"matchers\":" + strings(matchers) + "}}";
    }

    public static String resume(String epoch, long seq, String... matchers) {
        return "{\"type\":\"subscribe\",\"filter\":{\"matchers\":" + strings(matchers) + "},\"since\":{\"epoch\":\""
                + epoch + "\",\"seq\":" + seq + "}}";
    }

    /** One firing alert in Alertmanager's postable format, as a one-element array. */
    public static String alert(String name, String... labelPairs) {
        return "[" + alertObject(name, labelPairs) + "]";
    }

    public static String alertObject(String name, String... labelPairs) {
        StringBuilder labels = new StringBuilder("{\"alertname\":\"" + name + "\"");
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            labels.append(",\"")
                    .append(labelPairs[i])
                    .append("\":\"")
                    .append(labelPairs[i + 1])
                    .append('"');
        }
        labels.append('}');
        return "{\"labels\":" + labels + ",\"annotations\":{\"summary\":\"" + name + " is happening\"}}";
    }

    static String strings(String... s) {
        return Arrays.stream(s)
                .map(x -> "\"" + x.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
