package org.touchpoint.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

/**
 * The development issuer of user tokens: an RSA key pair generated at the first start into
 * {@code <state>/dev-issuer/} (the private key mode 600, never committed: {@code .crm/} is git-ignored), whose
 * public key the platform hands to the gateway it starts, through its environment. A gateway started any other
 * way knows nothing of it. {@code ./crm token} signs RS256 user tokens with the private key.
 */
public final class DevIssuer {

    /** The {@code iss} of development tokens; the gateway started by the platform accepts exactly this issuer. */
    public static final String ISSUER = "http://touchpoint-dev-issuer.localhost";
    static final String KEY_ID = "touchpoint-dev";
    static final Duration MAX_TTL = Duration.ofDays(1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

    private final Path privateKeyFile;
    private final Path publicKeyFile;
    private final PrivateKey privateKey;

    private DevIssuer(Path privateKeyFile, Path publicKeyFile, PrivateKey privateKey) {
        this.privateKeyFile = privateKeyFile;
        this.publicKeyFile = publicKeyFile;
        this.privateKey = privateKey;
    }

    /** The key pair in {@code <state>/dev-issuer/}, generated if missing; tightens the private key to mode 600. */
    public static DevIssuer loadOrCreate(Path stateDir) {
        Path dir = stateDir.resolve("dev-issuer");
        Path privateFile = dir.resolve("private-key.pem");
        Path publicFile = dir.resolve("public-key.pem");
        try {
            Files.createDirectories(dir);
            if (!Files.exists(privateFile)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                var pair = generator.generateKeyPair();
                writeOwnerOnly(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            }
            else {
                EnvFile.restrictToOwner(privateFile);
            }
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(unpem(Files.readString(privateFile))));
            if (!Files.exists(publicFile)) {
                RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
                PublicKey publicKey = KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
                Files.writeString(publicFile, pem("PUBLIC KEY", publicKey.getEncoded()));
            }
            return new DevIssuer(privateFile, publicFile, key);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the development issuer's keys in " + dir, e);
        }
        catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new PlatformException("The development issuer's key in " + privateFile + " is unreadable ("
                    + e.getMessage() + "). Delete " + dir + " (with the platform stopped) to generate a new one.");
        }
    }

    /** What the gateway started by the platform needs to accept development tokens (and nothing else does). */
    public Map<String, String> gatewayEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI", ISSUER);
        env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLICKEYLOCATION", "file:" + publicKeyFile.toAbsolutePath());
        return env;
    }

    Path publicKeyFile() {
        return publicKeyFile;
    }

    Path privateKeyFile() {
        return privateKeyFile;
    }

    /** An RS256 user token: {@code sub} and {@code name} the user, {@code roles} as given, valid for {@code ttl}. */
    public String mint(String user, List<String> roles, Duration ttl, Instant now) {
        if (!NAME.matcher(user).matches()) {
            throw new IllegalArgumentException("--user must be 1 to 100 letters, digits or . _ @ -, got '" + user + "'");
        }
        for (String role : roles) {
            if (!NAME.matcher(role).matches()) {
                throw new IllegalArgumentException("--roles must be names separated by commas, got '" + role + "'");
            }
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("--ttl must be between 1s and " + MAX_TTL.toHours() + "h, got " + ttl);
        }
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", KEY_ID);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", user);
        claims.put("name", user);
        claims.put("roles", roles);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        try {
            String signingInput = base64Url(json.writeValueAsBytes(header)) + "." + base64Url(json.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(signature.sign());
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign the development token", e);
        }
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 1d} or an ISO-8601 duration ({@code PT1H}). */
    static Duration parseTtl(String text) {
        String value = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(java.util.Locale.ROOT));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException();
            };
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException("--ttl must look like 90s, 30m, 1h or PT1H, got '" + text + "'");
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", ""));
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path temp = posix
                ? Files.createTempFile(file.getParent(), "private-key", ".tmp",
                        PosixFilePermissions.asFileAttribute(EnvFile.OWNER_ONLY))
                : Files.createTempFile(file.getParent(), "private-key", ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
