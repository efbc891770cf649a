package org.touchpoint.sales.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Touch;

/** An activity, without Spring: the touch it logs, and what the customer's erasure keeps of it. */
class ActivityTest {

    static final Instant AT = Instant.parse("2026-11-05T10:00:00Z");

    static Activity call() {
        Activity a = Activity.log("act_1", new ActivityRequest("call", "con_1", "led_1", "acc_1", "opp_1",
                "Carmen pide aplazar la compra", "Su madre está enferma; volver a llamar en diciembre", "Interesada, llamar en diciembre",
                12, "outbound", AT, "user:lucia"), "user:lucia", AT.plusSeconds(60));
        a.markPersisted(0);
        return a;
    }

    @Test
    void loggingACallEmitsCallLoggedWithTheSubject() {
        Activity a = Activity.log("act_1", new ActivityRequest("call", "con_1", null, null, null, " Llamada de seguimiento ", null,
                "no contesta", 2, "outbound", AT, "user:lucia"), "user:lucia", AT);
        Touch t = (Touch) a.emitted().getFirst().payload();
        assertThat(t.kind()).isEqualTo("call.logged");
        assertThat(t.attributes()).containsEntry("subject", "Llamada de seguimiento").containsEntry("durationMinutes", 2);
    }

    @Test
    void erasureDropsTheFreeTextAndKeepsWhatTheFiguresCount() {
        Activity a = call();
        Instant erasedAt = AT.plusSeconds(86400);
        assertThat(a.forgetPerson(erasedAt)).isTrue();
        Activity.ActivityResponse r = a.toResponse();
        assertThat(r.subject()).isNull();
        assertThat(r.notes()).isNull();
        assertThat(r.outcome()).isNull();
        assertThat(r.erasedAt()).isEqualTo(erasedAt);
        assertThat(r.type()).isEqualTo("call");
        assertThat(r.customerId()).isEqualTo("con_1");
        assertThat(r.leadId()).isEqualTo("led_1");
        assertThat(r.accountId()).isEqualTo("acc_1");
        assertThat(r.opportunityId()).isEqualTo("opp_1");
        assertThat(r.durationMinutes()).isEqualTo(12);
        assertThat(r.direction()).isEqualTo("outbound");
        assertThat(r.occurredAt()).isEqualTo(AT);
        assertThat(r.ownerId()).isEqualTo("user:lucia");
        assertThat(r.createdAt()).isEqualTo(AT.plusSeconds(60));
        assertThat(a.emitted()).as("no touch: the contract has no kind for it").isEmpty();
    }

    @Test
    void aSecondErasureChangesNothing() {
        Activity a = call();
        a.forgetPerson(AT.plusSeconds(10));
        assertThat(a.forgetPerson(AT.plusSeconds(20))).isFalse();
        assertThat(a.toResponse().erasedAt()).isEqualTo(AT.plusSeconds(10));
    }
}
