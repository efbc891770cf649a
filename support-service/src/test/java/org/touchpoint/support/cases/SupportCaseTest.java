package org.touchpoint.support.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.support.sla.AppliedPolicy;

/** The case's domain: status machine, SLA clocks, escalation, survey, and the touches each change emits. */
class SupportCaseTest {

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    private static SupportCase open(String priority, Duration firstResponse, Duration resolution) {
        SupportCase c = SupportCase.open("cas_1", "CS-000001", new SupportCase.Opening("con_1", "acc_1", "premium",
                        "La balanza no calibra", null, "phone", priority, "hardware", "technical", null),
                new AppliedPolicy("premium", priority, firstResponse, resolution, null), 0.8, "user:camila", T0);
        return c;
    }

    private static List<Touch> touches(SupportCase c) {
        return c.emitted().stream().map(OutboxDocument.Emitted::payload).map(Touch.class::cast).toList();
    }

    private static List<String> kinds(SupportCase c) {
        return touches(c).stream().map(Touch::kind).toList();
    }

    @Test
    void openingEmitsCaseOpenedOnTheCustomerWithTheCasesChannel() {
        SupportCase c = open("high", Duration.ofHours(1), Duration.ofHours(8));
        Touch t = touches(c).getFirst();
        assertThat(t.kind()).isEqualTo("case.opened");
        assertThat(t.customerId()).isEqualTo("con_1");
        assertThat(t.accountId()).isEqualTo("acc_1");
        assertThat(t.channel()).isEqualTo("phone");
        assertThat(t.attributes()).containsEntry("tier", "premium").containsEntry("number", "CS-000001");
        assertThat(c.nextSlaCheckAt()).isEqualTo(T0.plus(Duration.ofMinutes(48))); // 80 % of the first response
    }

    @Test
    void illegalTransitionsAreRefused() {
        SupportCase c = open("normal", Duration.ofHours(1), Duration.ofHours(8));
        assertThatThrownBy(() -> c.moveTo("reopened", null, "u", T0)).isInstanceOf(SupportCase.IllegalTransition.class);
        c.moveTo("closed", null, "u", T0);
        assertThatThrownBy(() -> c.moveTo("open", null, "u", T0)).isInstanceOf(SupportCase.IllegalTransition.class);
        assertThatThrownBy(() -> c.comment("cmt_1", "x", "internal", false, "u", T0)).isInstanceOf(SupportCase.IllegalTransition.class);
    }

    @Test
    void theClockPausesWhileWaitingForTheCustomer() {
        SupportCase c = open("normal", Duration.ofHours(1), Duration.ofHours(8));
        c.moveTo("pending-customer", null, "u", T0.plus(Duration.ofHours(1)));
        assertThat(c.firstRespondedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(c.nextSlaCheckAt()).isNull();
        assertThat(c.checkSla(T0.plus(Duration.ofDays(3)), "escalations")).isFalse();
        c.moveTo("open", null, "u", T0.plus(Duration.ofDays(3)));
        // 1 h consumed before the pause: 7 h left from the resumption
        assertThat(c.sla().resolution.dueAt()).isEqualTo(T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(7)));
        c.moveTo("resolved", null, "u", T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(2)));
        Touch resolved = touches(c).getLast();
        assertThat(resolved.kind()).isEqualTo("case.resolved");
        assertThat(resolved.attributes()).containsEntry("resolutionMinutes", 180L).containsEntry("firstResponseMinutes", 60L);
        assertThat(c.sla().resolution.met()).isTrue();
    }

    @Test
    void theSchedulerWarnsThenBreachesAndEscalatesEachOnce() {
        SupportCase c = open("high", Duration.ofMinutes(10), Duration.ofHours(8));
        c.markPersisted(0);
        assertThat(c.checkSla(T0.plus(Duration.ofMinutes(7)), "escalations")).isFalse();
        assertThat(c.checkSla(T0.plus(Duration.ofMinutes(8)), "escalations")).isTrue();
        assertThat(kinds(c)).containsExactly("sla.warning");
        assertThat(c.checkSla(T0.plus(Duration.ofMinutes(9)), "escalations")).isFalse();
        assertThat(c.checkSla(T0.plus(Duration.ofMinutes(10)), "escalations")).isTrue();
        assertThat(kinds(c)).containsExactly("sla.warning", "sla.breached", "case.escalated");
        assertThat(c.breached()).isTrue();
        assertThat(c.priority()).isEqualTo("urgent");
        assertThat(c.queue()).isEqualTo("escalations");
        assertThat(c.checkSla(T0.plus(Duration.ofMinutes(11)), "escalations")).isFalse();
        // the next check is the resolution warning (80 % of 8 h)
        assertThat(c.nextSlaCheckAt()).isEqualTo(T0.plus(Duration.ofMinutes(384)));
    }

    @Test
    void aBreachFoundLateFiresWithoutAStaleWarning() {
        SupportCase c = open("low", Duration.ofMinutes(10), Duration.ofHours(8));
        c.markPersisted(0);
        assertThat(c.checkSla(T0.plus(Duration.ofHours(1)), "escalations")).isTrue();
        assertThat(kinds(c)).containsExactly("sla.breached", "case.escalated");
    }

    @Test
    void reopeningResumesTheResolutionClockAndEmitsCaseReopened() {
        SupportCase c = open("normal", Duration.ofHours(1), Duration.ofHours(8));
        c.moveTo("resolved", null, "u", T0.plus(Duration.ofHours(2)));
        assertThat(c.nextSlaCheckAt()).isNull();
        c.markPersisted(1);
        c.moveTo("reopened", "sigue fallando", "u", T0.plus(Duration.ofHours(5)));
        assertThat(kinds(c)).containsExactly("case.reopened");
        assertThat(c.sla().resolution.dueAt()).isEqualTo(T0.plus(Duration.ofHours(11))); // 6 h left
        assertThat(c.resolvedAt()).isNull();
    }

    @Test
    void assignmentChangesEnterThePermanentHistory() {
        SupportCase c = open("normal", Duration.ofHours(1), Duration.ofHours(8));
        c.markPersisted(0);
        List<String> changed = c.update(new SupportCase.Changes(null, null, null, null, null, "user:tomas"), "user:camila", T0);
        assertThat(changed).containsExactly("assignee");
        c.update(new SupportCase.Changes(null, null, null, null, null, ""), "user:camila", T0);
        assertThat(c.assignee()).isNull();
        assertThat(c.history().stream().filter(h -> h.type().equals("assignment")).map(SupportCase.HistoryEntry::to))
                .containsExactly("user:tomas", null);
        assertThat(kinds(c)).containsExactly("case.updated", "case.updated");
        assertThat(c.update(new SupportCase.Changes(null, null, null, null, null, null), "u", T0)).isEmpty();
    }

    @Test
    void theSurveyIsAnsweredOnceAndPublishesCsat() {
        SupportCase c = open("normal", Duration.ofHours(1), Duration.ofHours(8));
        c.moveTo("resolved", null, "u", T0);
        c.issueSurvey("tok", "https://x/public/surveys/tok", T0.plus(Duration.ofDays(14)), T0);
        c.markPersisted(1);
        c.answerSurvey(4, "Bien", T0.plusSeconds(60));
        assertThat(touches(c).getFirst().attributes()).containsEntry("score", 4);
        assertThatThrownBy(() -> c.answerSurvey(5, null, T0)).isInstanceOf(IllegalStateException.class);
        c.issueSurvey("tok2", "https://x/public/surveys/tok2", T0.plus(Duration.ofDays(14)), T0);
        assertThat(c.survey().token).isEqualTo("tok"); // an answered survey is never re-issued
    }

    @Test
    void erasureRemovesFreeTextAndKeepsTheFacts() {
        SupportCase c = open("high", Duration.ofHours(1), Duration.ofHours(8));
        c.comment("cmt_1", "Mi teléfono es 300 555 1234", "public", true, "customer", T0);
        c.moveTo("resolved", "Llamé a Lucía", "u", T0.plusSeconds(60));
        c.issueSurvey("tok", "https://x/public/surveys/tok", T0.plus(Duration.ofDays(14)), T0);
        c.markPersisted(2);
        assertThat(c.erasePersonalData(T0.plusSeconds(120))).isTrue();
        assertThat(c.subject()).isEqualTo("[erased]");
        assertThat(c.description()).isNull();
        assertThat(c.comments()).extracting(SupportCase.Comment::body).containsOnly("[erased]");
        assertThat(c.history()).extracting(SupportCase.HistoryEntry::note).containsOnlyNulls();
        assertThat(c.survey().url).isNull();
        assertThat(c.status()).isEqualTo("resolved");
        assertThat(c.priority()).isEqualTo("high");
        assertThat(c.emitted()).isEmpty();
        assertThat(c.erasePersonalData(T0.plusSeconds(180))).isFalse();
    }
}
