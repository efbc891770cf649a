package org.touchpoint.marketing.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.touchpoint.kit.web.CrmApiException;

class CampaignTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    static Campaign draft(Instant scheduledAt) {
        CampaignRequest r = new CampaignRequest("Cartuchos compatibles", "cross-sell", "email", "seg_1", null,
                new CampaignRequest.TemplateRequest("Hola {{nickname}}", "Oferta"), null, scheduledAt,
                new CampaignRequest.MoneyRequest("500.00", "EUR"), new CampaignRequest.MoneyRequest("0.05", "EUR"), null);
        return Campaign.create("cmp_1", r, null, null, "user:lucia", NOW);
    }

    @Test
    void launchingTwiceIsAConflict() {
        Campaign c = draft(null);
        assertThat(c.launch(NOW, null)).isTrue();
        assertThat(c.status()).isEqualTo(Campaign.RUNNING);
        assertThatThrownBy(() -> c.launch(NOW, null)).isInstanceOf(CrmApiException.class)
                .satisfies(e -> assertThat(((CrmApiException) e).status().value()).isEqualTo(409));
    }

    @Test
    void aFutureScheduleWaitsForTheScheduler() {
        Campaign c = draft(NOW.plusSeconds(3600));
        assertThat(c.launch(NOW, null)).isFalse();
        assertThat(c.status()).isEqualTo(Campaign.SCHEDULED);
        assertThat(c.startIfDue(NOW.plusSeconds(60))).isFalse();
        assertThat(c.startIfDue(NOW.plusSeconds(3600))).isTrue();
        assertThat(c.status()).isEqualTo(Campaign.RUNNING);
    }

    @Test
    void actualCostIsRecordedCostsPlusCostPerMessageInTheBudgetsCurrency() {
        Campaign c = draft(null);
        c.addCost("Impresión de folletos", new org.touchpoint.events.Money("120.00", "EUR"), "user:lucia", NOW);
        assertThat(c.actualCost(100)).isEqualByComparingTo("125.00");
        assertThatThrownBy(() -> c.addCost("Evento", new org.touchpoint.events.Money("10.00", "USD"), "user:lucia", NOW))
                .satisfies(e -> assertThat(((CrmApiException) e).status().value()).isEqualTo(422));
    }

    @Test
    void onlyADraftCanBeEdited() {
        Campaign c = draft(null);
        c.launch(NOW, null);
        assertThatThrownBy(() -> c.update(null, null, null, NOW)).isInstanceOf(CrmApiException.class);
    }

    @Test
    void directMailGoesToEveryoneButThoseWhoOptedOutOfMail() {
        org.touchpoint.marketing.customer.CustomerView noConsents = org.touchpoint.marketing.segment.RuleTest.cartridgeBuyer(false);
        assertThat(Launcher.consents(org.touchpoint.marketing.message.Message.MAIL, noConsents)).isTrue();
        assertThat(Launcher.consents(org.touchpoint.marketing.message.Message.EMAIL, noConsents)).isFalse();
        var optedOut = new java.util.HashMap<>(noConsents.consent());
        optedOut.put("mail", false);
        org.touchpoint.marketing.customer.CustomerView mailOptOut = new org.touchpoint.marketing.customer.CustomerView(
                noConsents.id(), true, noConsents.firstName(), noConsents.lastName(), noConsents.displayName(), noConsents.nickname(),
                noConsents.email(), noConsents.accountId(), noConsents.lifecycleStage(), noConsents.tags(), optedOut,
                noConsents.purchases(), noConsents.wins(), noConsents.openCases(), noConsents.engagement(), noConsents.lastTouchAt(),
                noConsents.account());
        assertThat(Launcher.consents(org.touchpoint.marketing.message.Message.MAIL, mailOptOut)).isFalse();
    }
}
