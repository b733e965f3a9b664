import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container's HEALTHCHECK: GET http://127.0.0.1:PORT/healthz, exit 0 on 200 and 1 otherwise, saying why.
 * PORT is RELAY_SERVER_PORT (8080 by default) or the first argument. The runtime image is a JRE without curl or
 * wget, so the image's build stage compiles this (deploy/docker/Dockerfile).
 */
public final class Healthcheck {

    private Healthcheck() {}

    public static void main(String[] args) {
        String port = args.length > 0 ? args[0] : System.getenv().getOrDefault("RELAY_SERVER_PORT", "8080");
        String url = "http://127.0.0.1:" + port + "/healthz";
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2_000);
            c.setReadTimeout(5_000);
            int status = c.getResponseCode();
            if (status == 200) System.exit(0);
            System.err.println("unhealthy: " + url + " answered " + status);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("unhealthy: " + url + " did not answer: " + e);
        }
        System.exit(1);
    }
}
