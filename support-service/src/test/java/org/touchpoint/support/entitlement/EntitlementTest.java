package org.touchpoint.support.entitlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Touch;

/** Support plans from won deals: set, upgrade, extend, never silently downgrade, idempotent per deal. */
class EntitlementTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-20");
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final int BASIC = 0;
    private static final int STANDARD = 1;
    private static final int PREMIUM = 2;

    private static Entitlement premiumUntil(String until) {
        Entitlement e = Entitlement.empty("acc_1", NOW);
        e.applyPlan("premium", PREMIUM, -1, TODAY, LocalDate.parse(until), "opp_1", TODAY, NOW);
        e.markPersisted(0);
        return e;
    }

    @Test
    void aPlanSetsTheTierAndEmitsAnAccountLevelTouch() {
        Entitlement e = Entitlement.empty("acc_1", NOW);
        assertThat(e.applyPlan("standard", STANDARD, -1, TODAY, TODAY.plusMonths(12).minusDays(1), "opp_1", TODAY, NOW)).isTrue();
        Touch t = (Touch) e.emitted().getFirst().payload();
        assertThat(t.kind()).isEqualTo("entitlement.changed");
        assertThat(t.customerId()).isEqualTo("acc_1");
        assertThat(t.accountId()).isEqualTo("acc_1");
        assertThat(t.refs()).containsEntry("opportunityId", "opp_1");
        assertThat(t.attributes()).containsEntry("tier", "standard").containsEntry("validUntil", "2027-11-19")
                .containsEntry("source", "opportunity.won");
    }

    @Test
    void aLowerPlanNeverReplacesAValidHigherTier() {
        Entitlement e = premiumUntil("2027-11-19");
        assertThat(e.applyPlan("basic", BASIC, PREMIUM, TODAY, TODAY.plusYears(3), "opp_2", TODAY, NOW)).isTrue();
        assertThat(e.tier()).isEqualTo("premium");
        assertThat(e.emitted()).isEmpty();
    }

    @Test
    void aLowerPlanReplacesAnExpiredHigherTier() {
        Entitlement e = premiumUntil("2026-01-31");
        e.applyPlan("basic", BASIC, PREMIUM, TODAY, TODAY.plusYears(1), "opp_2", TODAY, NOW);
        assertThat(e.tier()).isEqualTo("basic");
    }

    @Test
    void theSamePlanExtendsAndAHigherOneUpgrades() {
        Entitlement e = premiumUntil("2027-11-19");
        e.applyPlan("premium", PREMIUM, PREMIUM, TODAY.plusMonths(6), LocalDate.parse("2028-05-19"), "opp_2", TODAY, NOW);
        assertThat(e.toResponse(TODAY).validFrom()).isEqualTo("2026-11-20");
        assertThat(e.toResponse(TODAY).validUntil()).isEqualTo("2028-05-19");

        Entitlement s = Entitlement.empty("acc_2", NOW);
        s.applyPlan("basic", BASIC, -1, TODAY, TODAY.plusYears(1), "opp_3", TODAY, NOW);
        s.applyPlan("premium", PREMIUM, BASIC, TODAY, TODAY.plusYears(1), "opp_4", TODAY, NOW);
        assertThat(s.tier()).isEqualTo("premium");
    }

    @Test
    void theSameDealAppliesOnce() {
        Entitlement e = premiumUntil("2027-11-19");
        assertThat(e.applyPlan("premium", PREMIUM, PREMIUM, TODAY, LocalDate.parse("2029-01-01"), "opp_1", TODAY, NOW)).isFalse();
        assertThat(e.emitted()).isEmpty();
    }
}
