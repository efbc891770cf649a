package org.touchpoint.dev;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevIssuerTest {

    @TempDir
    Path state;

    @Test
    void keysAreMadeOnceThePrivateOneOwnerOnlyAndTheGatewayGetsThePublicOne() throws Exception {
        DevIssuer first = DevIssuer.loadOrCreate(state);
        String privateKey = Files.readString(first.privateKeyFile());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.privateKeyFile())))
                .isEqualTo("rw-------");
        assertThat(Files.readString(first.publicKeyFile())).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Files.readString(DevIssuer.loadOrCreate(state).privateKeyFile())).isEqualTo(privateKey);
        assertThat(first.gatewayEnvironment()).containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI",
                        DevIssuer.ISSUER)
                .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLICKEYLOCATION",
                        "file:" + first.publicKeyFile().toAbsolutePath());
    }

    @Test
    void aMintedTokenIsAnRs256JwtVerifiableWithThePublicKeyAndNamesUserRolesAndExpiry() throws Exception {
        DevIssuer issuer = DevIssuer.loadOrCreate(state);
        Instant now = Instant.parse("2026-03-01T10:00:00Z");

        String token = issuer.mint("alice", List.of("sales", "analyst"), Duration.ofHours(1), now);

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        JsonMapper json = JsonMapper.builder().build();
        JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.get("alg").asString()).isEqualTo("RS256");
        assertThat(claims.get("iss").asString()).isEqualTo(DevIssuer.ISSUER);
        assertThat(claims.get("sub").asString()).isEqualTo("alice");
        assertThat(claims.get("roles").toString()).isEqualTo("[\"sales\",\"analyst\"]");
        assertThat(claims.get("exp").asLong()).isEqualTo(now.plus(Duration.ofHours(1)).getEpochSecond());

        String pem = Files.readString(issuer.publicKeyFile()).replaceAll("-----[A-Z ]+-----", "");
        PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void theTokenCommandPrintsOnlyTheTokenOnStandardOutputAndRejectsBadOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = DevToken.run(List.of("--user", "alice", "--roles", "sales,support", "--ttl", "30m"), state,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Authorization: Bearer");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertThatThrownBy(() -> DevToken.run(List.of("--roles", "sales"), state, sink, sink))
                .hasMessageContaining("--user is required");
        assertThatThrownBy(() -> DevToken.run(List.of("--user", "alice", "--ttl", "forever"), state, sink, sink))
                .hasMessageContaining("--ttl");
        assertThatThrownBy(() -> DevToken.run(List.of("--user", "alice", "--ttl", "3d"), state, sink, sink))
                .hasMessageContaining("--ttl");
        assertThatThrownBy(() -> DevToken.run(List.of("--user", "al ice"), state, sink, sink))
                .hasMessageContaining("--user");
        assertThat(DevIssuer.parseTtl("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(DevIssuer.parseTtl("90s")).isEqualTo(Duration.ofSeconds(90));
    }
}
