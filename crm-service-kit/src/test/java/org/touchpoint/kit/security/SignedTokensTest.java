package org.touchpoint.kit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.touchpoint.kit.ids.Ids;

class SignedTokensTest {

    private static final String SECRET = "a-test-secret-of-at-least-32-bytes-0123456789";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SignedTokens survey = SignedTokens.forPurpose(SECRET, "survey", clock);

    @Test
    void aMintedTokenVerifiesAndCarriesItsPayload() {
        String token = survey.mint("cas_01JD5Z8Q4W3V6R7T8Y9U0I1O2P", NOW.plus(Duration.ofDays(7)));
        SignedTokens.Verification v = survey.verify(token);
        assertThat(v.status()).isEqualTo(SignedTokens.Status.VALID);
        assertThat(v.payload()).isEqualTo("cas_01JD5Z8Q4W3V6R7T8Y9U0I1O2P");
        assertThat(token).matches("[A-Za-z0-9_.-]+");
    }

    @Test
    void anExpiredTokenIsRecognisedAsExpired() {
        String token = survey.mint("x", NOW.minusSeconds(1));
        assertThat(survey.verify(token).status()).isEqualTo(SignedTokens.Status.EXPIRED);
    }

    @Test
    void tamperedForgedOrMalformedTokensAreInvalidAndNeverThrow() {
        String token = survey.mint("cas_1", NOW.plusSeconds(60));
        String otherPayload = survey.mint("cas_2", NOW.plusSeconds(60));
        String spliced = otherPayload.substring(0, otherPayload.indexOf('.')) + token.substring(token.indexOf('.'));
        String longerExpiry = token.replaceFirst("\\.(\\d+)\\.", "." + (NOW.getEpochSecond() + 999999) + ".");
        for (String bad : new String[] {spliced, longerExpiry, "", "abc", "a.b.c", token + "x", "..", null,
                "%%%.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
            SignedTokens.Verification v = survey.verify(bad);
            assertThat(v.status()).as(String.valueOf(bad)).isEqualTo(SignedTokens.Status.INVALID);
            assertThat(v.payload()).isNull();
        }
    }

    @Test
    void aTokenForOnePurposeIsWorthlessForAnother() {
        SignedTokens clicks = SignedTokens.forPurpose(SECRET, "track-click", clock);
        assertThat(clicks.verify(survey.mint("cas_1", NOW.plusSeconds(60))).status()).isEqualTo(SignedTokens.Status.INVALID);
    }

    @Test
    void idsAreTypedAndSortByCreationTime() {
        String early = Ids.newId("con", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        String late = Ids.newId("con", Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
        assertThat(early).startsWith("con_").hasSize(30);
        assertThat(early).isLessThan(late);
    }

    @Test
    void idsAreValidatedByPrefixAndShape() {
        String id = Ids.newId("led", clock);
        assertThat(Ids.isValid(id, "led")).isTrue();
        assertThat(Ids.isValid(id, "con")).isFalse();
        assertThat(Ids.isValid("led_short", "led")).isFalse();
        assertThat(Ids.isValid("led_01JD5Z8Q4W3V6R7T8Y9U0I1O2!", "led")).isFalse();
    }
}
