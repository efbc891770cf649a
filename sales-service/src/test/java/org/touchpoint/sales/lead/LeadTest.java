package org.touchpoint.sales.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.sales.scoring.EngagementRule;
import org.touchpoint.sales.scoring.FitRule;
import org.touchpoint.sales.scoring.Scorer;
import org.touchpoint.sales.scoring.ScoringRules;

/** Scoring, qualification and conversion of a lead, without Spring. */
class LeadTest {

    static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
    static final ScoringRules RULES = ScoringRules.of(30, 60,
            List.of(new FitRule("retail", "Retail", "industry", "equals", List.of("retail"), null, 15),
                    new FitRule("size", null, "companySize", "atLeast", List.of(), 50, 10)),
            List.of(new EngagementRule("opened", "Opened an email", List.of("message.opened"), null, 5, 10),
                    new EngagementRule("meeting", "Met us", List.of("meeting.logged"), null, 25, 50),
                    new EngagementRule("web", "Web visit", List.of(), "web", 2, 6)),
            T0);

    static Lead lead() {
        Lead lead = Lead.create("led_1", new Lead.Details("Carmen", "Ortega", "carmen@papeleria.example", null, "Papelería El Sol",
                "Gerente", "Retail", 80, "ES", "madrid", null), "web", null, null, "web", RULES, "user:lucia", T0);
        lead.markPersisted(0);
        return lead;
    }

    private static List<Touch> touches(OutboxDocument doc) {
        return doc.emitted().stream().map(e -> (Touch) e.payload()).toList();
    }

    @Test
    void aNewLeadIsScoredOnFitAndAnnouncedWithTheLeadIdAsCustomer() {
        Lead lead = Lead.create("led_1", new Lead.Details("Carmen", "Ortega", "carmen@papeleria.example", null, "Papelería El Sol",
                "Gerente", "retail", 80, "ES", null, null), "web", null, null, "web", RULES, "user:lucia", T0);
        assertThat(lead.score()).isEqualTo(25);
        Touch created = touches(lead).getFirst();
        assertThat(created.kind()).isEqualTo("lead.created");
        assertThat(created.customerId()).isEqualTo("led_1");
        assertThat(created.channel()).isEqualTo("web");
        assertThat(created.refs()).containsEntry("leadId", "led_1");
        assertThat(created.attributes()).containsEntry("source", "web").containsEntry("score", 25).containsEntry("email", "carmen@papeleria.example");
    }

    @Test
    void theScoreIsExplainedRuleByRuleWithEngagementCapped() {
        Lead lead = lead();
        for (int i = 0; i < 4; i++) {
            lead.engage("evt-open-" + i, "message.opened", "email", T0.plusSeconds(i), RULES, T0);
        }
        lead.engage("evt-visit", "page.viewed", "web", T0, RULES, T0);
        assertThat(lead.score()).isEqualTo(15 + 10 + 10 + 2);
        assertThat(lead.scoreLines()).containsExactly(
                new Scorer.Line("retail", "fit", "Retail", 1, 15),
                new Scorer.Line("size", "fit", "companySize 80", 1, 10),
                new Scorer.Line("opened", "engagement", "Opened an email", 4, 10),
                new Scorer.Line("web", "engagement", "Web visit", 1, 2));
    }

    @Test
    void aRedeliveredTouchIsCountedOnce() {
        Lead lead = lead();
        assertThat(lead.engage("evt-1", "meeting.logged", "visit", T0, RULES, T0)).isTrue();
        assertThat(lead.engage("evt-1", "meeting.logged", "visit", T0, RULES, T0)).isFalse();
        assertThat(lead.score()).isEqualTo(50);
    }

    @Test
    void crossingEachThresholdPublishesLeadQualifiedOncePerLevel() {
        Lead lead = lead(); // 25
        lead.engage("evt-1", "meeting.logged", "visit", T0, RULES, T0); // 50: MQL
        assertThat(touches(lead)).extracting(Touch::kind).containsExactly("lead.qualified");
        assertThat(touches(lead).getFirst().attributes()).containsEntry("level", "mql").containsEntry("score", 50);
        lead.markPersisted(1);
        lead.engage("evt-2", "message.opened", "email", T0, RULES, T0); // 55: still MQL
        assertThat(lead.emitted()).isEmpty();
        lead.engage("evt-3", "meeting.logged", "visit", T0, RULES, T0); // 80: SQL
        assertThat(touches(lead)).extracting(t -> t.attributes().get("level")).containsExactly("sql");
        lead.markPersisted(2);
        lead.engage("evt-4", "message.opened", "email", T0, RULES, T0);
        assertThat(lead.emitted()).isEmpty();
        assertThat(lead.status()).isEqualTo("qualified");
        assertThat(lead.qualifiedLevels()).containsExactly("mql", "sql");
    }

    @Test
    void conversionPublishesTheContactDataUnderTheNewCustomerId() {
        Lead lead = lead();
        lead.assign("user:lucia", "manual", "user:lucia", T0);
        lead.markPersisted(1);
        lead.convert("con_NEW", false, "acc_1", null, "opp_1", "user:lucia", T0);
        Touch converted = touches(lead).getFirst();
        assertThat(converted.kind()).isEqualTo("lead.converted");
        assertThat(converted.customerId()).isEqualTo("con_NEW");
        assertThat(converted.refs()).containsEntry("leadId", "led_1").containsEntry("opportunityId", "opp_1");
        assertThat(converted.attributes()).containsEntry("firstName", "Carmen").containsEntry("lastName", "Ortega")
                .containsEntry("email", "carmen@papeleria.example").containsEntry("company", "Papelería El Sol")
                .containsEntry("accountId", "acc_1").containsEntry("ownerId", "user:lucia").containsEntry("source", "web")
                .containsEntry("linked", false);
        assertThat(lead.customerId()).isEqualTo("con_NEW");
        assertThatThrownBy(() -> lead.convert("con_OTHER", false, null, null, null, "user:lucia", T0))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(409));
    }

    @Test
    void aConvertedLeadNoLongerCountsEngagement() {
        Lead lead = lead();
        lead.convert("con_NEW", false, null, null, null, "user:lucia", T0);
        lead.markPersisted(1);
        assertThat(lead.engage("evt-1", "meeting.logged", "visit", T0, RULES, T0)).isFalse();
    }

    @Test
    void aDisqualifiedLeadCannotBeConverted() {
        Lead lead = lead();
        lead.disqualify("Sin presupuesto este año", "user:lucia", T0);
        assertThat(touches(lead).getFirst().attributes()).containsEntry("reason", "Sin presupuesto este año");
        assertThatThrownBy(() -> lead.convert("con_NEW", false, null, null, null, "user:lucia", T0))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(409));
    }

    @Test
    void scoringRulesRejectDuplicateIdsAndInvertedThresholds() {
        assertThatThrownBy(() -> ScoringRules.of(50, 40, List.of(), List.of(), T0)).isInstanceOf(CrmApiException.class);
        assertThatThrownBy(() -> ScoringRules.of(10, 40, List.of(new FitRule("x", null, "industry", "equals", List.of("a"), null, 1)),
                List.of(new EngagementRule("x", null, List.of("message.opened"), null, 1, null)), T0)).hasMessageContaining("appears twice");
    }

    @Test
    void aConversionLinkedByCustomerServiceFollowsTheExistingContact() {
        Lead lead = lead();
        lead.convert("con_MINTED", false, null, null, "opp_1", "user:lucia", T0);
        lead.markPersisted(1);
        assertThat(lead.relinkConversion("con_OTHER", "con_REAL", T0)).isFalse();
        assertThat(lead.relinkConversion("con_MINTED", "con_REAL", T0)).isTrue();
        assertThat(lead.customerId()).isEqualTo("con_REAL");
        assertThat(lead.conversion().linked()).isTrue();
        assertThat(lead.conversion().opportunityId()).isEqualTo("opp_1");
        assertThat(lead.relinkConversion("con_MINTED", "con_REAL", T0)).as("a redelivered link changes nothing").isFalse();
        assertThat(lead.emitted()).isEmpty();
    }

    @Test
    void erasureForgetsThePersonOnceAndKeepsTheCompanyAndTheStatus() {
        Lead lead = lead();
        lead.disqualify("Carmen Ortega ya no trabaja allí", "user:lucia", T0.plusSeconds(60));
        lead.markPersisted(1);
        assertThat(lead.forgetPerson(T0.plusSeconds(120))).isTrue();
        LeadResponse r = lead.toResponse();
        assertThat(r.firstName()).isNull();
        assertThat(r.lastName()).isNull();
        assertThat(r.email()).isNull();
        assertThat(r.title()).isNull();
        assertThat(r.notes()).isNull();
        assertThat(r.disqualifyReason()).isNull();
        assertThat(r.company()).isEqualTo("Papelería El Sol");
        assertThat(r.status()).isEqualTo("disqualified");
        assertThat(r.updatedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(lead.forgetPerson(T0.plusSeconds(180))).as("a redelivered tombstone has nothing left to forget").isFalse();
        assertThat(lead.toResponse().updatedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(lead.emitted()).isEmpty();
    }
}
