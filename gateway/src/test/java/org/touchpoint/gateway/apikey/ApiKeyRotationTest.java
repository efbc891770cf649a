package org.touchpoint.gateway.apikey;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The domain rules of a rotation, on a fixed clock. */
class ApiKeyRotationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final ApiKeySecret first = ApiKeySecret.generate(new SecureRandom());
    private final ApiKeySecret second = ApiKeySecret.generate(new SecureRandom());
    private final ApiKeySecret third = ApiKeySecret.generate(new SecureRandom());
    private final ApiKey key = new ApiKey("key_1", "n", "p", List.of("contacts:read"), first.hash(), first.hint(),
            NOW.minus(Duration.ofDays(10)), null, null, null);

    @Test
    void theOldSecretIsAcceptedUntilTheEndOfItsGraceAndNotAfter() {
        ApiKey rotated = key.rotated(second.hash(), second.hint(), NOW, NOW.plus(Duration.ofHours(1)));

        assertThat(rotated.acceptsHashAt(second.hash(), NOW)).isTrue();
        assertThat(rotated.acceptsHashAt(first.hash(), NOW.plus(Duration.ofMinutes(59)))).isTrue();
        assertThat(rotated.acceptsHashAt(first.hash(), NOW.plus(Duration.ofHours(1)))).isFalse();
        assertThat(rotated.acceptsHashAt(second.hash(), NOW.plus(Duration.ofDays(300)))).isTrue();
        assertThat(rotated.acceptsHashAt(third.hash(), NOW)).isFalse();
        assertThat(rotated.rotatedAt()).isEqualTo(NOW);
    }

    @Test
    void aRotationWithoutGraceKeepsNoOldSecretAndExpiredOnesAreDropped() {
        ApiKey once = key.rotated(second.hash(), second.hint(), NOW, NOW.plus(Duration.ofMinutes(5)));
        ApiKey now = once.rotated(third.hash(), third.hint(), NOW.plus(Duration.ofMinutes(10)),
                NOW.plus(Duration.ofMinutes(10)));

        assertThat(now.previousSecrets()).isEmpty();
        assertThat(now.acceptsHashAt(first.hash(), NOW.plus(Duration.ofMinutes(10)))).isFalse();
        assertThat(now.acceptsHashAt(second.hash(), NOW.plus(Duration.ofMinutes(10)))).isFalse();
        assertThat(now.acceptsHashAt(third.hash(), NOW.plus(Duration.ofMinutes(10)))).isTrue();
    }

    @Test
    void twoRotationsInAGraceKeepBothOldSecretsWorking() {
        ApiKey twice = key.rotated(second.hash(), second.hint(), NOW, NOW.plus(Duration.ofHours(1)))
                .rotated(third.hash(), third.hint(), NOW.plus(Duration.ofMinutes(1)), NOW.plus(Duration.ofHours(2)));

        assertThat(twice.previousSecrets()).extracting(ApiKey.PreviousSecret::hint)
                .containsExactly(first.hint(), second.hint());
        assertThat(twice.acceptsHashAt(first.hash(), NOW.plus(Duration.ofMinutes(30)))).isTrue();
        assertThat(twice.acceptsHashAt(second.hash(), NOW.plus(Duration.ofMinutes(90)))).isTrue();
    }
}
