package org.touchpoint.sales.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.sales.customer.SalesCustomer.CaseDetails;

/** The customer copy's rules, without Spring: out-of-order touches and profile versions. */
class SalesCustomerTest {

    static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    static CustomerProfile profile(String id, long version, String email) {
        return new CustomerProfile(id, "acc_1", "Distribuidora Andina", "Carmen", "Ortega", "Carmen Ortega", "Menchu",
                email, "+34 600 000 000", "Gerente", "user:lucia", "customer", Map.of(), List.of("vip"), version, T0);
    }

    @Test
    void keepsTheHighestProfileVersion() {
        SalesCustomer v = new SalesCustomer("con_1");
        assertThat(v.applyProfile(profile("con_1", 2, "Carmen@Andina.example"))).isTrue();
        assertThat(v.applyProfile(profile("con_1", 1, "old@andina.example"))).isFalse();
        assertThat(v.applyProfile(profile("con_1", 2, "again@andina.example"))).isFalse();
        assertThat(v.profile().email()).isEqualTo("Carmen@Andina.example");
        assertThat(v.profile().nickname()).isEqualTo("Menchu");
    }

    @Test
    void aCaseResolvedBeforeItsOpeningArrivesStaysClosed() {
        SalesCustomer v = new SalesCustomer("con_1");
        v.caseTouched("cas_1", new CaseDetails("C-1001", null, "high", null), false, false, T0.plusSeconds(600));
        v.caseTouched("cas_1", new CaseDetails("C-1001", "La impresora no imprime", "high", "new"), true, true, T0);
        SalesCustomer.CaseInfo c = v.cases().getFirst();
        assertThat(c.open()).isFalse();
        assertThat(c.status()).isEqualTo("resolved");
        assertThat(c.subject()).as("details still fill in").isEqualTo("La impresora no imprime");
        assertThat(c.openedAt()).isEqualTo(T0);
    }

    @Test
    void aReopenedCaseIsOpenAgain() {
        SalesCustomer v = new SalesCustomer("con_1");
        v.caseTouched("cas_1", new CaseDetails(null, "Atasco de papel", null, null), true, true, T0);
        v.caseTouched("cas_1", new CaseDetails(null, null, null, null), false, false, T0.plusSeconds(60));
        v.caseTouched("cas_1", new CaseDetails(null, null, null, null), true, false, T0.plusSeconds(120));
        assertThat(v.cases()).singleElement().satisfies(c -> {
            assertThat(c.open()).isTrue();
            assertThat(c.subject()).isEqualTo("Atasco de papel");
        });
    }

    @Test
    void theLastCampaignIsTheLatestByOccurrenceNotArrival() {
        SalesCustomer v = new SalesCustomer("con_1");
        assertThat(v.messageSent(new SalesCustomer.CampaignMessage("cmp_2", "Vuelta al cole", null, null, null, null, T0.plusSeconds(60)))).isTrue();
        assertThat(v.messageSent(new SalesCustomer.CampaignMessage("cmp_1", "Black Friday tóner", null, null, null, null, T0))).isFalse();
        assertThat(v.lastCampaign().campaignId()).isEqualTo("cmp_2");
    }

    @Test
    void anSlaBreachWithoutANumberTakesTheCasesNumber() {
        SalesCustomer v = new SalesCustomer("con_1");
        v.caseTouched("cas_1", new CaseDetails("C-7", "Sin tóner", "high", "new"), true, true, T0);
        v.slaBreached(new SalesCustomer.SlaBreach("cas_1", null, "first-response", "high", null, T0.plusSeconds(3600)));
        assertThat(v.slaBreaches()).singleElement().satisfies(b -> assertThat(b.number()).isEqualTo("C-7"));
    }

    @Test
    void theCurrentEmailKeyIsRememberedOnceAndTheOldOnesAreKept() {
        SalesCustomer v = new SalesCustomer("con_1");
        assertThat(v.rememberEmailKey("a")).isTrue();
        assertThat(v.rememberEmailKey("a")).as("the current one already").isFalse();
        assertThat(v.rememberEmailKey("b")).isTrue();
        assertThat(v.rememberEmailKey("a")).as("back to an older address").isTrue();
        assertThat(v.emailKeys()).containsExactly("b", "a");
        for (int i = 0; i < SalesCustomer.MAX_EMAIL_KEYS + 5; i++) {
            v.rememberEmailKey("k" + i);
        }
        assertThat(v.emailKeys()).hasSize(SalesCustomer.MAX_EMAIL_KEYS).endsWith("k" + (SalesCustomer.MAX_EMAIL_KEYS + 4));
    }
}
