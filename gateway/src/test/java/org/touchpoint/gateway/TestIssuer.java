package org.touchpoint.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * A stand-in OAuth2 issuer for the tests: an RSA key pair made once per test JVM, its public key in a PEM file
 * the gateway is configured with, and user tokens signed with the private key.
 */
public final class TestIssuer {

    public static final String ISSUER = "https://issuer.example.test";

    private static final KeyPair KEYS = generate();
    private static final KeyPair OTHER_KEYS = generate();
    private static final Path PUBLIC_KEY = write();

    private TestIssuer() {
    }

    public static String publicKeyLocation() {
        return "file:" + PUBLIC_KEY;
    }

    public static String token(String subject, String name, List<String> roles, Duration ttl) {
        return sign(KEYS, ISSUER, subject, name, roles, ttl);
    }

    /** Signed by another key: a forged token. */
    public static String forged(String subject, List<String> roles) {
        return sign(OTHER_KEYS, ISSUER, subject, subject, roles, Duration.ofMinutes(5));
    }

    public static String fromIssuer(String issuer, String subject, List<String> roles) {
        return sign(KEYS, issuer, subject, subject, roles, Duration.ofMinutes(5));
    }

    private static String sign(KeyPair keys, String issuer, String subject, String name, List<String> roles,
                               Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).claim("name", name)
                .claim("roles", roles).issueTime(Date.from(now.minusSeconds(1)))
                .expirationTime(Date.from(now.plus(ttl))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write() {
        try {
            Path file = Files.createTempFile("test-issuer", ".pub.pem");
            file.toFile().deleteOnExit();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(file, pem);
            return file;
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
