package org.touchpoint.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void firstLoadCreatesAnOwnerOnlyFileWithStrongSecrets() throws IOException {
        Path file = dir.resolve(".crm/secrets.env");

        Secrets secrets = Secrets.loadOrCreate(file);

        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(secrets.internalTokenSecret().getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(secrets.gatewayAdminKey()).startsWith("tp_admin_").hasSizeGreaterThan(40);
        assertThat(secrets.devApiKey()).isEmpty();
        assertThat(Files.readString(file))
                .contains("CRM_INTERNAL_TOKEN_SECRET=" + secrets.internalTokenSecret())
                .contains("CRM_GATEWAY_ADMIN_KEY=" + secrets.gatewayAdminKey())
                .contains("Never commit");
    }

    @Test
    void laterLoadsReuseTheSameSecretsAndTheDevKey() {
        Path file = dir.resolve("secrets.env");
        Secrets first = Secrets.loadOrCreate(file);
        first.saveDevApiKey("key-1", "tp_dev_abc");

        Secrets second = Secrets.loadOrCreate(file);

        assertThat(second.internalTokenSecret()).isEqualTo(first.internalTokenSecret());
        assertThat(second.gatewayAdminKey()).isEqualTo(first.gatewayAdminKey());
        assertThat(second.devApiKey()).contains("tp_dev_abc");
        assertThat(EnvFile.read(file)).containsEntry("CRM_DEV_API_KEY_ID", "key-1");
    }

    @Test
    void secretsDifferBetweenStateDirectories() {
        Secrets a = Secrets.loadOrCreate(dir.resolve("a/secrets.env"));
        Secrets b = Secrets.loadOrCreate(dir.resolve("b/secrets.env"));

        assertThat(a.internalTokenSecret()).isNotEqualTo(b.internalTokenSecret());
        assertThat(a.gatewayAdminKey()).isNotEqualTo(b.gatewayAdminKey());
    }

    @Test
    void keepsWhatAHandWrittenFileHasCompletesTheRestAndTightensItsMode() throws IOException {
        Path file = dir.resolve("secrets.env");
        String mySecret = "x".repeat(40);
        Files.writeString(file, "# mine\nexport CRM_INTERNAL_TOKEN_SECRET='" + mySecret + "'\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Secrets secrets = Secrets.loadOrCreate(file);

        assertThat(secrets.internalTokenSecret()).isEqualTo(mySecret);
        assertThat(secrets.gatewayAdminKey()).isNotBlank();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Secrets.loadOrCreate(file).gatewayAdminKey()).isEqualTo(secrets.gatewayAdminKey());
    }

    @Test
    void aTooShortTokenSecretIsReplaced() throws IOException {
        Path file = dir.resolve("secrets.env");
        Files.writeString(file, "CRM_INTERNAL_TOKEN_SECRET=short\n");

        assertThat(Secrets.loadOrCreate(file).internalTokenSecret()).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void envFilesAreWrittenAtomicallyOwnerOnlyAndSourceable() throws Exception {
        Path file = dir.resolve("dev.env");

        EnvFile.write(file, List.of("comment"), Map.of("CRM_GATEWAY_URL", "http://localhost:8080", "CRM_API_KEY", "tp_dev_1-2_3",
                "ODD", "a b&c$HOME"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(EnvFile.read(file)).containsEntry("CRM_GATEWAY_URL", "http://localhost:8080").containsEntry("CRM_API_KEY", "tp_dev_1-2_3");
        assertThat(EnvFile.read(file)).containsEntry("ODD", "a b&c$HOME");
        Process shell = new ProcessBuilder("bash", "-c", "set -eu; source \"$1\"; printf '%s|%s' \"$CRM_API_KEY\" \"$ODD\"", "bash", file.toString()).start();
        assertThat(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("tp_dev_1-2_3|a b&c$HOME");
        assertThat(shell.waitFor()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temp file left behind").containsExactly(file);
        }
    }
}
