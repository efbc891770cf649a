package org.touchpoint.analytics.fold;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Consent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Money;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.FoldOutcome;

/** The fold of one customer, without Spring: order-tolerant, per-currency money (exactly-once is the folding block's). */
class CustomerViewTest {

    static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    static Touch event(String service, Touch touch) {
        return touch;
    }

    static Touch.Builder touch(String kind, Instant at) {
        return Touch.builder("con_1", kind).occurredAt(at);
    }

    @Test
    void aCallCountsAsAnInteractionOnItsChannel() {
        CustomerView v = new CustomerView("con_1");
        Touch call = touch(TouchKinds.CALL_LOGGED, T0).channel(Channels.PHONE).summary("Llamada de presentación").build();
        assertThat(v.apply(call, NOW)).isEqualTo(FoldOutcome.CHANGED);
        assertThat(v.touches().interactions).isEqualTo(1);
        assertThat(v.touches().channels).singleElement().satisfies(c -> {
            assertThat(c.channel).isEqualTo("phone");
            assertThat(c.count).isEqualTo(1);
            assertThat(c.lastSummary).isEqualTo("Llamada de presentación");
        });
    }

    @Test
    void aWinArrivingBeforeAnOlderStageChangeStaysWon() {
        CustomerView v = new CustomerView("con_1");
        v.apply(event("sales-service", touch(TouchKinds.OPPORTUNITY_WON, T0.plusSeconds(3600)).ref("opportunityId", "opp_1")
                .amount(new Money("12000.00", "EUR"))
                .attribute("name", "Licencias Andina").attribute("cycleDays", 21)
                .attribute("lineItems", List.of(Map.of("productCode", "LIC-50", "quantity", 50, "unitPrice", "240.00")))
                .build()), NOW);
        v.apply(event("sales-service", touch(TouchKinds.OPPORTUNITY_STAGE_CHANGED, T0).ref("opportunityId", "opp_1")
                .amount(new Money("9000.00", "EUR")).attribute("stage", "proposal").attribute("probability", 60).build()), NOW);

        assertThat(v.openOpportunities()).isEmpty();
        assertThat(v.wins()).isEqualTo(1);
        assertThat(v.lifetimeValue()).containsExactly(new Amount("12000", "EUR"));
        Opportunity o = v.deals().getOpportunities().getFirst();
        assertThat(o.cycle()).isEqualTo(21);
        assertThat(o.lineItems).singleElement().satisfies(li -> {
            assertThat(li.productCode).isEqualTo("LIC-50");
            assertThat(li.unitPrice).isEqualTo("240.00");
            assertThat(li.currency).isEqualTo("EUR");
        });
    }

    @Test
    void revenueIsSummedPerCurrencyNeverConverted() {
        CustomerView v = new CustomerView("con_1");
        v.apply(event("sales-service", touch(TouchKinds.OPPORTUNITY_WON, T0).ref("opportunityId", "opp_1").amount(new Money("100.50", "EUR")).build()), NOW);
        v.apply(event("sales-service", touch(TouchKinds.OPPORTUNITY_WON, T0).ref("opportunityId", "opp_2").amount(new Money("200", "EUR")).build()), NOW);
        v.apply(event("sales-service", touch(TouchKinds.OPPORTUNITY_WON, T0).ref("opportunityId", "opp_3").amount(new Money("999", "BRL")).build()), NOW);
        assertThat(v.lifetimeValue()).containsExactly(new Amount("999", "BRL"), new Amount("300.50", "EUR"));
    }

    @Test
    void supportFiguresComeFromCaseTouches() {
        CustomerView v = new CustomerView("con_1");
        v.apply(event("support-service", touch(TouchKinds.CASE_OPENED, T0).channel(Channels.PHONE).ref("caseId", "cas_1")
                .attribute("priority", "urgent").attribute("tier", "premium").attribute("subject", "Impresora no imprime").build()), NOW);
        v.apply(event("support-service", touch(TouchKinds.SLA_BREACHED, T0.plusSeconds(7200)).ref("caseId", "cas_1")
                .attribute("target", "first-response").build()), NOW);
        v.apply(event("support-service", touch(TouchKinds.WORK_LOGGED, T0.plusSeconds(8000)).ref("caseId", "cas_1")
                .attribute("minutes", 45).amount(new Money("37.50", "EUR")).build()), NOW);
        v.apply(event("support-service", touch(TouchKinds.CSAT_RECEIVED, T0.plusSeconds(9000)).channel(Channels.WEB).ref("caseId", "cas_1")
                .attribute("score", 2).build()), NOW);
        assertThat(v.openCases()).hasSize(1);
        assertThat(v.support().slaBreaches).isEqualTo(1);
        assertThat(v.support().cost).containsExactly(new Amount("37.50", "EUR"));
        assertThat(v.averageCsat()).isEqualTo(2.0);

        v.apply(event("support-service", touch(TouchKinds.CASE_RESOLVED, T0.plusSeconds(10000)).ref("caseId", "cas_1")
                .attribute("firstResponseMinutes", 130).attribute("resolutionMinutes", 166).build()), NOW);
        assertThat(v.openCases()).isEmpty();
        assertThat(v.support().cases.getFirst().breachedTargets).containsExactly("first-response");
        assertThat(v.support().cases.getFirst().resolutionMinutes).isEqualTo(166);
    }

    @Test
    void theProfileKeepsTheHighestVersion() {
        CustomerView v = new CustomerView("con_1");
        assertThat(v.isPartial()).isTrue();
        v.applyProfile(profile(3, "Lucía Fernández"), NOW);
        assertThat(v.applyProfile(profile(2, "Lucia F."), NOW)).isEqualTo(FoldOutcome.UNCHANGED);
        assertThat(v.displayName()).isEqualTo("Lucía Fernández");
        assertThat(v.getProfile().consentGranted).containsExactly("email");
        assertThat(v.isPartial()).isFalse();
    }

    @Test
    void theSameTouchesInAnotherOrderGiveTheSameFold() {
        List<Touch> events = List.of(
                event("marketing-service", touch(TouchKinds.MESSAGE_SENT, T0).channel(Channels.EMAIL).ref("campaignId", "cmp_b").attribute("campaignName", "Black Friday").build()),
                event("marketing-service", touch(TouchKinds.MESSAGE_OPENED, T0.plusSeconds(60)).channel(Channels.EMAIL).ref("campaignId", "cmp_b").build()),
                event("marketing-service", touch(TouchKinds.CAMPAIGN_RESPONDED, T0.plusSeconds(120)).channel(Channels.WEB).ref("campaignId", "cmp_a").build()),
                event("sales-service", touch(TouchKinds.OPPORTUNITY_CREATED, T0).ref("opportunityId", "opp_2").attribute("stage", "qualification").build()),
                event("sales-service", touch(TouchKinds.OPPORTUNITY_LOST, T0.plusSeconds(600)).ref("opportunityId", "opp_2").build()),
                event("sales-service", touch(TouchKinds.MEETING_LOGGED, T0.plusSeconds(900)).channel(Channels.VISIT).build()));
        CustomerView forward = new CustomerView("con_1");
        events.forEach(e -> forward.apply(e, NOW));
        CustomerView backward = new CustomerView("con_1");
        events.reversed().forEach(e -> backward.apply(e, NOW));
        assertThat(backward).usingRecursiveComparison().isEqualTo(forward);
        assertThat(forward.engagementScore()).as("1 open + 1 response for 1 message, capped").isEqualTo(100);
        assertThat(forward.marketing().campaigns).extracting(c -> c.campaignId).containsExactly("cmp_a", "cmp_b");
    }

    static CustomerProfile profile(long version, String name) {
        return new CustomerProfile("con_1", "acc_1", "Andina S.A.", name.split(" ")[0], name.split(" ")[1], name, null,
                "lucia@andina.example", null, "Gerente de Compras", "user:lucia", "customer",
                Map.of("email", new Consent(Consent.GRANTED, T0, "web-form"), "phone", new Consent(Consent.WITHDRAWN, T0, "call")),
                List.of("vip"), version, T0);
    }
}
