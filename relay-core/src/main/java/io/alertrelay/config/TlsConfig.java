package io.alertrelay.config;

import java.nio.file.Path;

/**
 * HTTPS and WSS served by the relay itself, for a site without a reverse proxy. Both files are PEM; they are read
 * and checked when the relay starts (io.alertrelay.tls.PemTls), so a bad file stops start-up naming it.
 *
 * @param certFile the certificate chain, the server's certificate first (what certbot calls fullchain.pem)
 * @param keyFile  the server certificate's private key, PKCS#8 ("BEGIN PRIVATE KEY"), RSA or EC, unencrypted
 */
public record TlsConfig(Path certFile, Path keyFile) {}
