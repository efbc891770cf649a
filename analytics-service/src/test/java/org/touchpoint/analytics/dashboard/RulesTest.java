package org.touchpoint.analytics.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Money;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;

/** RFM scoring and the churn rules, without Spring. */
class RulesTest {

    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    static void apply(CustomerView v, Touch t) {
        v.apply(new CrmEvent<>(UUID.randomUUID().toString(), "/crm/test", "crm.touch." + t.kind() + ".v1", t.customerId(), t.occurredAt(), null, t), NOW);
    }

    static CustomerView buyer(String id, int wins, String each, int daysAgo) {
        CustomerView v = new CustomerView(id);
        for (int i = 0; i < wins; i++) {
            apply(v, Touch.builder(id, TouchKinds.OPPORTUNITY_WON).occurredAt(NOW.minus(daysAgo + i, ChronoUnit.DAYS))
                    .ref("opportunityId", id + "-" + i).amount(new Money(each, "EUR")).build());
        }
        return v;
    }

    @Test
    void theBestBuyerIsAChampionAndTheLapsedOneHibernates() {
        CustomerView best = buyer("con_best", 5, "5000", 3);
        CustomerView mid = buyer("con_mid", 2, "1000", 40);
        CustomerView lapsed = buyer("con_lapsed", 1, "300", 400);
        CustomerView prospect = new CustomerView("con_prospect");
        RfmModel model = RfmModel.of(List.of(best, mid, lapsed, prospect), NOW);

        assertThat(model.buyers()).isEqualTo(3);
        RfmModel.Rfm b = model.score(best, NOW);
        assertThat(b.recency()).isEqualTo(5);
        assertThat(b.frequency()).isEqualTo(5);
        assertThat(b.monetary()).isEqualTo(5);
        assertThat(b.segment()).isEqualTo("champions");
        RfmModel.Rfm l = model.score(lapsed, NOW);
        assertThat(l.recency()).isEqualTo(1);
        assertThat(l.segment()).isEqualTo("hibernating");
        assertThat(model.score(prospect, NOW).segment()).isEqualTo("prospect");
        assertThat(model.score(prospect, NOW).recency()).isNull();
    }

    @Test
    void aQuietCustomerWithAnUrgentCaseAndLowSatisfactionIsHighRisk() {
        CustomerView v = new CustomerView("con_1");
        for (int i = 0; i < 6; i++) {
            apply(v, Touch.builder("con_1", TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(NOW.minus(40 + i, ChronoUnit.DAYS)).build());
        }
        apply(v, Touch.builder("con_1", TouchKinds.CASE_OPENED).channel(Channels.EMAIL).occurredAt(NOW.minus(35, ChronoUnit.DAYS))
                .ref("caseId", "cas_1").attribute("priority", "urgent").build());
        apply(v, Touch.builder("con_1", TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).occurredAt(NOW.minus(34, ChronoUnit.DAYS))
                .ref("caseId", "cas_9").attribute("score", 1).build());

        ChurnRules.ChurnRisk risk = ChurnRules.assess(v, NOW);
        assertThat(risk.factors()).extracting(ChurnRules.Factor::code).containsExactly("falling-engagement", "open-urgent-cases", "low-csat");
        assertThat(risk.score()).isEqualTo(70);
        assertThat(risk.level()).isEqualTo("high");
    }

    @Test
    void anEngagedHappyCustomerIsLowRisk() {
        CustomerView v = new CustomerView("con_2");
        apply(v, Touch.builder("con_2", TouchKinds.MEETING_LOGGED).channel(Channels.VISIT).occurredAt(NOW.minus(2, ChronoUnit.DAYS)).build());
        apply(v, Touch.builder("con_2", TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).occurredAt(NOW.minus(1, ChronoUnit.DAYS))
                .ref("caseId", "cas_2").attribute("score", 5).build());
        ChurnRules.ChurnRisk risk = ChurnRules.assess(v, NOW);
        assertThat(risk.score()).isZero();
        assertThat(risk.level()).isEqualTo("low");
        assertThat(risk.factors()).isEmpty();
    }

    @Test
    void aLongSilenceIsTheRecencyFactor() {
        CustomerView v = new CustomerView("con_3");
        apply(v, Touch.builder("con_3", TouchKinds.EMAIL_LOGGED).channel(Channels.EMAIL).occurredAt(NOW.minus(120, ChronoUnit.DAYS)).build());
        ChurnRules.ChurnRisk risk = ChurnRules.assess(v, NOW);
        assertThat(risk.factors()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("recency");
            assertThat(f.points()).isEqualTo(35);
            assertThat(f.detail()).contains("120 days");
        });
        assertThat(risk.level()).isEqualTo("medium");
    }
}
