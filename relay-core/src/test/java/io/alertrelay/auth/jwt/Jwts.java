package io.alertrelay.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Mints test JWTs the way an identity provider would, good ones and every kind of bad one. */
public final class Jwts {

    public static final String SECRET = "an-hs256-test-secret-that-is-at-least-32-bytes-long";
    public static final String SECRET_ENV = "TEST_JWT_SECRET";
    private static final KeyPair RSA = rsaKeyPair();

    private Jwts() {}

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a PEM file, as an operator would export it with openssl. */
    public static Path writePublicKey(Path dir) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(RSA.getPublic().getEncoded());
        Path file = dir.resolve("jwt-public.pem");
        try {
            Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A claim set valid for an hour from now, for {@code sub} with {@code role}. */
    public static JWTClaimsSet.Builder claims(String sub, String role) {
        return new JWTClaimsSet.Builder()
                .subject(sub)
                .claim("role", role)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)));
    }

    public static String hs256(JWTClaimsSet.Builder claims) {
        return hs256(claims, SECRET);
    }

    public static String hs256(JWTClaimsSet.Builder claims, String secret) {
        try {
            return sign(JWSAlgorithm.HS256, new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rs256(JWTClaimsSet.Builder claims) {
        return sign(JWSAlgorithm.RS256, new RSASSASigner(RSA.getPrivate()), claims);
    }

    /** The classic confusion attack: HS256 with the RS256 public key as the shared secret. */
    public static String hs256WithThePublicKey(JWTClaimsSet.Builder claims) {
        try {
            return sign(JWSAlgorithm.HS256, new MACSigner(RSA.getPublic().getEncoded()), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token, {@code alg: none}, with an empty signature. */
    public static String none(JWTClaimsSet.Builder claims) {
        return Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + Base64URL.encode(claims.build().toString()) + ".";
    }

    /** Changes the payload of a signed token and keeps its signature. */
    public static String tampered(String jwt, UnaryOperator<JWTClaimsSet.Builder> change) {
        try {
            SignedJWT s = SignedJWT.parse(jwt);
            String payload = change.apply(new JWTClaimsSet.Builder(s.getJWTClaimsSet()))
                    .build()
                    .toString();
            return s.getHeader().toBase64URL() + "." + Base64URL.encode(payload) + "." + s.getSignature();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSAlgorithm alg, JWSSigner signer, JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
