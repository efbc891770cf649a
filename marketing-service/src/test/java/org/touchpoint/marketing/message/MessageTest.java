package org.touchpoint.marketing.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.outbox.OutboxDocument;

class MessageTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    static Message queued(String medium) {
        Message m = Message.queue("msg_1", "cmp_1", "Cartuchos compatibles", "cross-sell", "con_1", "acc_1", medium,
                "lucia@andina.example", "cartuchos-compatibles", "Cartuchos compatibles -20%", "https://tienda.example/cartuchos", NOW);
        m.content("Hola Lu", "texto", "<p>html</p>", "https://crm.example/public/track/u/x");
        m.markPersisted(0);
        return m;
    }

    static Touch only(Message m) {
        assertThat(m.emitted()).hasSize(1);
        return (Touch) m.emitted().getFirst().payload();
    }

    @Test
    void aSentEmailEmitsMessageSentWithCampaignAndOffer() {
        Message m = queued(Message.EMAIL);
        assertThat(m.claim(NOW, Duration.ofMinutes(5))).isTrue();
        assertThat(m.claim(NOW, Duration.ofMinutes(5))).as("claimed once").isFalse();
        m.markPersisted(1);
        m.sent(NOW);
        Touch t = only(m);
        assertThat(t.kind()).isEqualTo("message.sent");
        assertThat(t.channel()).isEqualTo("email");
        assertThat(t.refs()).containsEntry("campaignId", "cmp_1").containsEntry("messageId", "msg_1");
        assertThat(t.attributes()).containsEntry("offerCode", "cartuchos-compatibles").containsEntry("subject", "Hola Lu")
                .doesNotContainKey("medium");
    }

    @Test
    void smsAndDirectMailAreSystemTouchesWithTheirMedium() {
        Message m = queued(Message.MAIL);
        m.claim(NOW, Duration.ofMinutes(5));
        m.markPersisted(1);
        m.sent(NOW);
        assertThat(only(m).channel()).isEqualTo("system");
        assertThat(only(m).attributes()).containsEntry("medium", "mail");
    }

    @Test
    void failedAttemptsAreRetriedThenRecordedAsFailed() {
        Message m = queued(Message.EMAIL);
        m.claim(NOW, Duration.ofMinutes(5));
        m.attemptFailed(NOW, "connection refused", 2, Duration.ofSeconds(30));
        assertThat(m.status()).isEqualTo(Message.QUEUED);
        assertThat(m.claim(NOW, Duration.ofMinutes(5))).as("not before its backoff").isFalse();
        assertThat(m.claim(NOW.plusSeconds(31), Duration.ofMinutes(5))).isTrue();
        m.attemptFailed(NOW.plusSeconds(31), "connection refused", 2, Duration.ofSeconds(30));
        assertThat(m.status()).isEqualTo(Message.FAILED);
        assertThat(m.emitted()).isEmpty();
    }

    @Test
    void anExpiredClaimIsNeverResent() {
        Message m = queued(Message.EMAIL);
        m.claim(NOW, Duration.ofMinutes(5));
        assertThat(m.abandonExpiredClaim(NOW.plusSeconds(60))).isFalse();
        assertThat(m.abandonExpiredClaim(NOW.plusSeconds(301))).isTrue();
        assertThat(m.status()).isEqualTo(Message.FAILED);
    }

    @Test
    void theFirstOpenAndEveryClickAreTouchesAResponseAndAnUnsubscribeOnce() {
        Message m = queued(Message.EMAIL);
        m.opened(NOW);
        m.opened(NOW.plusSeconds(5));
        m.clicked(NOW.plusSeconds(10), "landing");
        m.responded(NOW.plusSeconds(20), "click-to-contact", "Llamar por la tarde");
        m.responded(NOW.plusSeconds(30), "form", null);
        m.unsubscribed(NOW.plusSeconds(40));
        m.unsubscribed(NOW.plusSeconds(50));
        assertThat(m.emitted()).extracting(e -> ((Touch) e.payload()).kind())
                .containsExactly("message.opened", "link.clicked", "campaign.responded", "consent.withdrawn");
        Touch responded = (Touch) m.emitted().get(2).payload();
        assertThat(responded.channel()).isEqualTo("web");
        assertThat(responded.attributes()).containsEntry("response", "click-to-contact").containsEntry("campaignName", "Cartuchos compatibles");
        Touch withdrawn = (Touch) m.emitted().get(3).payload();
        assertThat(withdrawn.attributes()).containsEntry("channel", "email").containsEntry("source", "unsubscribe-link");
        assertThat(m.opens()).isEqualTo(2);
        assertThat(OutboxDocument.class).isAssignableFrom(Message.class);
    }

    @Test
    void unsubscribingFromADirectMailPieceOptsOutOfMailNotEmail() {
        Message m = queued(Message.MAIL);
        m.unsubscribed(NOW);
        Touch withdrawn = (Touch) m.emitted().getLast().payload();
        assertThat(withdrawn.kind()).isEqualTo("consent.withdrawn");
        assertThat(withdrawn.attributes()).containsEntry("channel", "mail");
        assertThat(withdrawn.channel()).isEqualTo("system");
    }
}
