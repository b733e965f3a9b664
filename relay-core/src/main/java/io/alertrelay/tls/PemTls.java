package io.alertrelay.tls;

import io.alertrelay.config.ConfigException;
import io.alertrelay.config.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the relay's {@link SSLContext} from the two PEM files an operator has (certbot's fullchain.pem and
 * privkey.pem, or openssl's output), with the JDK alone: no keystore to convert to, no extra library.
 *
 * <p>Every problem stops start-up with a {@link ConfigException} naming the key, the file and what to do: a missing
 * or unreadable file, a file that holds the other half (key and certificate swapped), a key in a format the JDK
 * cannot read (PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY", an encrypted key: the message gives the one openssl
 * command that converts it), and a key that does not belong to the certificate.
 */
public final class PemTls {

    private static final Logger log = LoggerFactory.getLogger(PemTls.class);
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String CERT_KEY = "server.tls.certFile";
    private static final String KEY_KEY = "server.tls.keyFile";

    private PemTls() {}

    /** Reads and checks both files; the context serves the chain with the key. */
    public static SSLContext sslContext(TlsConfig tls) {
        List<X509Certificate> chain = certificates(tls.certFile());
        PrivateKey key = privateKey(tls.keyFile());
        checkPair(chain.get(0), key, tls);
        Date notAfter = chain.get(0).getNotAfter();
        if (notAfter.before(new Date())) {
            log.warn(
                    "the certificate in {} expired on {}: clients will refuse it; renew it and restart the relay",
                    tls.certFile(),
                    notAfter.toInstant());
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("relay", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(
                    where(KEY_KEY, tls.keyFile()) + ": the JDK refused this key with this certificate ("
                            + e.getMessage() + "); check that both files come from the same certificate request");
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        String pem = read(CERT_KEY, file, "the PEM certificate chain (certbot: fullchain.pem)");
        List<String> labels = labels(pem);
        if (!labels.contains("CERTIFICATE")) {
            String hint = labels.stream().anyMatch(l -> l.endsWith("PRIVATE KEY"))
                    ? "it holds a private key: server.tls.certFile and server.tls.keyFile look swapped"
                    : "point server.tls.certFile at the certificate chain (certbot: fullchain.pem)";
            throw new ConfigException(
                    where(CERT_KEY, file) + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it; " + hint);
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) throw new GeneralSecurityException("no certificate could be read");
            return chain;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ConfigException(where(CERT_KEY, file) + ": not a readable PEM certificate chain ("
                    + e.getMessage() + "); check it with: openssl x509 -in " + file + " -noout -subject");
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem = read(KEY_KEY, file, "the certificate's PEM private key (certbot: privkey.pem)");
        List<String> labels = labels(pem);
        String convert = "convert it once with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out " + file
                + ".pk8 and point server.tls.keyFile at " + file + ".pk8";
        if (labels.contains("RSA PRIVATE KEY") || labels.contains("EC PRIVATE KEY")) {
            String kind = labels.contains("RSA PRIVATE KEY")
                    ? "a PKCS#1 RSA key (BEGIN RSA PRIVATE KEY)"
                    : "a SEC1 EC key (BEGIN EC PRIVATE KEY)";
            throw new ConfigException(where(KEY_KEY, file) + ": " + kind + "; the relay reads PKCS#8 keys"
                    + " (BEGIN PRIVATE KEY): " + convert);
        }
        if (labels.contains("ENCRYPTED PRIVATE KEY")) {
            throw new ConfigException(where(KEY_KEY, file) + ": the key is encrypted and the relay cannot ask for its"
                    + " passphrase; " + convert + " (openssl asks for the passphrase), and keep the new file readable"
                    + " only by the relay's user");
        }
        if (!labels.contains("PRIVATE KEY")) {
            String hint = labels.contains("CERTIFICATE")
                    ? "it holds a certificate: server.tls.certFile and server.tls.keyFile look swapped"
                    : "point server.tls.keyFile at the certificate's private key (certbot: privkey.pem)";
            throw new ConfigException(
                    where(KEY_KEY, file) + ": no PEM private key (-----BEGIN PRIVATE KEY-----) in it; " + hint);
        }
        byte[] der;
        try {
            der = block(pem, "PRIVATE KEY");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(KEY_KEY, file) + ": the PEM block is damaged (" + e.getMessage()
                    + "); copy the key file again from where it was made");
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm: PKCS#8 names it inside, but the JDK has no factory that reads it from there
            }
        }
        throw new ConfigException(where(KEY_KEY, file) + ": not an RSA or EC private key the JDK can read; make an RSA"
                + " or EC (P-256, P-384) key, e.g. openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 ...");
    }

    /** Signs with the key and verifies with the certificate: proves they are a pair, whatever the algorithm. */
    private static void checkPair(X509Certificate cert, PrivateKey key, TlsConfig tls) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        boolean pair;
        try {
            byte[] probe = "alert-relay".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(cert.getPublicKey());
            verify.update(probe);
            pair = verify.verify(signature);
        } catch (GeneralSecurityException e) {
            pair = false; // e.g. an EC key with an RSA certificate
        }
        if (!pair) {
            throw new ConfigException(where(KEY_KEY, tls.keyFile()) + ": this " + key.getAlgorithm() + " key does not"
                    + " belong to the certificate in " + tls.certFile() + " ("
                    + cert.getSubjectX500Principal().getName()
                    + "); point server.tls.keyFile at the key the certificate was issued for");
        }
    }

    private static String read(String key, Path file, String what) {
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(where(key, file) + ": is a directory; point " + key + " at " + what);
            }
            // ISO-8859-1 reads any bytes: a binary (DER) file is then reported as holding no PEM block
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new ConfigException(where(key, file) + ": no such file; point " + key + " at " + what);
        } catch (AccessDeniedException e) {
            throw new ConfigException(where(key, file) + ": permission denied; let the relay's user read it"
                    + " (e.g. chgrp relay and chmod 640)");
        } catch (IOException e) {
            throw new ConfigException(
                    where(key, file) + ": cannot read it (" + e.getMessage() + "); it should be " + what + " as text");
        }
    }

    private static List<String> labels(String pem) {
        List<String> labels = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) labels.add(m.group(1));
        return labels;
    }

    private static byte[] block(String pem, String label) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals(label)) return Base64.getMimeDecoder().decode(m.group(2));
        }
        throw new IllegalStateException("no " + label + " block");
    }

    private static String where(String key, Path file) {
        return "config error at " + key + ": " + file + (file.isAbsolute() ? "" : " (" + file.toAbsolutePath() + ")");
    }
}
