package io.alertrelay.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import io.alertrelay.config.ConfigException;
import io.alertrelay.config.JwtConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns {@code auth.jwt} into a signature verifier: the HS256 secret from the environment, or an RS256 PEM key. */
final class JwtKeys {

    /** RFC 7518 3.2: an HS256 key must be at least as long as the hash, 256 bits. */
    static final int MIN_SECRET_BYTES = 32;

    static final int MIN_RSA_BITS = 2048;
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private JwtKeys() {}

    static JWSVerifier verifier(JwtConfig cfg, Map<String, String> env) {
        return switch (cfg.algorithm()) {
            case "HS256" -> hmac(cfg.secretEnv(), env);
            case "RS256" -> rsa(cfg.publicKeyFile());
            default ->
                throw new ConfigException("config error at auth.jwt.algorithm: \"" + cfg.algorithm()
                        + "\" is not accepted; expected HS256 or RS256");
        };
    }

    private static JWSVerifier hmac(String var, Map<String, String> env) {
        String secret = env.get(var);
        String at = "config error at auth.jwt.secretEnv: environment variable " + var;
        if (secret == null || secret.isEmpty()) {
            throw new ConfigException(at + " is not set; set it to the HS256 secret the tokens are signed with"
                    + " (at least " + MIN_SECRET_BYTES + " bytes, e.g. from openssl rand -base64 48)");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new ConfigException(at + " holds " + bytes.length + " bytes; HS256 needs a secret of at least "
                    + MIN_SECRET_BYTES + " bytes (256 bits): make a longer one, e.g. with openssl rand -base64 48");
        }
        try {
            return new MACVerifier(bytes);
        } catch (JOSEException e) {
            throw new ConfigException(at + " cannot be used as an HS256 secret: " + e.getMessage(), e);
        }
    }

    private static JWSVerifier rsa(Path file) {
        String at = "config error at auth.jwt.publicKeyFile: " + file;
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new ConfigException(at + ": no such file; give the PEM file of the RS256 public key", e);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(at + ": cannot read it (" + e.getMessage() + ")", e);
        }
        PublicKey key = publicKey(pem, at);
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new ConfigException(at + ": holds a " + key.getAlgorithm() + " key; RS256 needs an RSA public key");
        }
        if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new ConfigException(at + ": the RSA key has "
                    + rsa.getModulus().bitLength() + " bits; use one of at" + " least " + MIN_RSA_BITS + " bits");
        }
        return new RSASSAVerifier(rsa);
    }

    private static PublicKey publicKey(String pem, String at) {
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            String kind = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at + ": the " + kind + " block is not valid base64", e);
            }
            try {
                switch (kind) {
                    case "PUBLIC KEY":
                        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
                    case "CERTIFICATE":
                        return CertificateFactory.getInstance("X.509")
                                .generateCertificate(new ByteArrayInputStream(der))
                                .getPublicKey();
                    case "RSA PUBLIC KEY":
                        throw new ConfigException(at + ": holds a PKCS#1 key (BEGIN RSA PUBLIC KEY); convert it with"
                                + " openssl rsa -RSAPublicKey_in -in FILE -pubout");
                    default:
                        if (kind.contains("PRIVATE")) {
                            throw new ConfigException(at + ": holds a private key; give the relay the public key"
                                    + " only: openssl rsa -in FILE -pubout -out public.pem");
                        }
                }
            } catch (GeneralSecurityException e) {
                throw new ConfigException(
                        at + ": the " + kind + " block is not an RSA key (" + e.getMessage() + ")", e);
            }
        }
        throw new ConfigException(at + ": holds no PEM public key (-----BEGIN PUBLIC KEY-----); export one with"
                + " openssl rsa -in private.pem -pubout -out public.pem");
    }
}
