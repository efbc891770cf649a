package org.touchpoint.gateway.apikey;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeySecretTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void generatedKeyHasPrefixRandomPartAndChecksum() {
        String key = ApiKeySecret.generate(random).value();

        assertThat(key).startsWith("tpk_").hasSize(42).matches("tpk_[0-9A-Za-z]{38}");
        String randomPart = key.substring(4, 36);
        assertThat(key.substring(36)).isEqualTo(ApiKeySecret.checksum(randomPart));
    }

    @Test
    void generatedKeyParsesBack() {
        ApiKeySecret secret = ApiKeySecret.generate(random);

        assertThat(ApiKeySecret.parse(secret.value())).contains(secret);
    }

    @Test
    void generatedKeysDiffer() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(ApiKeySecret.generate(random).value());
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void tamperedKeyFailsTheChecksum() {
        String key = ApiKeySecret.generate(random).value();
        char replaced = key.charAt(10) == 'a' ? 'b' : 'a';
        String tampered = key.substring(0, 10) + replaced + key.substring(11);

        assertThat(ApiKeySecret.parse(tampered)).isEmpty();
    }

    @Test
    void keyWithWrongPrefixLengthOrAlphabetIsMalformed() {
        String key = ApiKeySecret.generate(random).value();

        assertThat(ApiKeySecret.parse("tpx_" + key.substring(4))).isEmpty();
        assertThat(ApiKeySecret.parse(key + "0")).isEmpty();
        assertThat(ApiKeySecret.parse(key.substring(0, 41))).isEmpty();
        assertThat(ApiKeySecret.parse(key.substring(0, 20) + "-" + key.substring(21))).isEmpty();
        assertThat(ApiKeySecret.parse("")).isEmpty();
        assertThat(ApiKeySecret.parse(null)).isEmpty();
    }

    @Test
    void checksumIsSixBase62CharactersEvenForSmallCrcValues() {
        Random seeded = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            assertThat(ApiKeySecret.checksum(ApiKeySecret.randomBase62(seeded, 32))).matches("[0-9A-Za-z]{6}");
        }
    }

    @Test
    void hashIsSha256HexOfTheWholeKey() {
        ApiKeySecret secret = new ApiKeySecret("tpk_abc");

        // sha256("tpk_abc"), computed independently with: printf 'tpk_abc' | sha256sum
        assertThat(secret.hash()).isEqualTo(EXPECTED_SHA256_OF_TPK_ABC).hasSize(64);
    }

    @Test
    void hintIsTheFirstEightCharactersAfterThePrefixAndToStringHidesTheSecret() {
        ApiKeySecret secret = ApiKeySecret.generate(random);

        assertThat(secret.hint()).isEqualTo(secret.value().substring(4, 12));
        assertThat(secret.toString()).doesNotContain(secret.value().substring(12));
    }

    private static final String EXPECTED_SHA256_OF_TPK_ABC = "6915ac25084029400b7837f95bc9dc2a85ca8deb37d9b8b4cbff7a0f39e34851";
}
