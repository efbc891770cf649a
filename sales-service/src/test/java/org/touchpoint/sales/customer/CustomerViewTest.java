package org.touchpoint.sales.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.CustomerProfile;

/** The customer copy's folding rules, without Spring: out-of-order touches and profile versions. */
class CustomerViewTest {

    static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    static CustomerProfile profile(long version, String email) {
        return new CustomerProfile("con_1", "acc_1", "Distribuidora Andina", "Carmen", "Ortega", "Carmen Ortega", "Menchu",
                email, "+34 600 000 000", "Gerente", "user:lucia", "customer", Map.of(), List.of("vip"), version, T0);
    }

    @Test
    void keepsTheHighestProfileVersion() {
        CustomerView v = new CustomerView("con_1");
        assertThat(v.applyProfile(profile(2, "Carmen@Andina.example"))).isTrue();
        assertThat(v.applyProfile(profile(1, "old@andina.example"))).isFalse();
        assertThat(v.applyProfile(profile(2, "again@andina.example"))).isFalse();
        assertThat(v.profile().email()).isEqualTo("Carmen@Andina.example");
        assertThat(v.profile().nickname()).isEqualTo("Menchu");
    }

    @Test
    void aCaseResolvedBeforeItsOpeningArrivesStaysClosed() {
        CustomerView v = new CustomerView("con_1");
        v.caseTouched("cas_1", Map.of("number", "C-1001", "priority", "high"), false, false, T0.plusSeconds(600));
        v.caseTouched("cas_1", Map.of("number", "C-1001", "subject", "La impresora no imprime", "priority", "high", "status", "new"), true, true, T0);
        CustomerView.CaseInfo c = v.cases().getFirst();
        assertThat(c.open()).isFalse();
        assertThat(c.subject()).as("details still fill in").isEqualTo("La impresora no imprime");
        assertThat(c.openedAt()).isEqualTo(T0);
    }

    @Test
    void aReopenedCaseIsOpenAgain() {
        CustomerView v = new CustomerView("con_1");
        v.caseTouched("cas_1", Map.of("subject", "Atasco de papel"), true, true, T0);
        v.caseTouched("cas_1", Map.of(), false, false, T0.plusSeconds(60));
        v.caseTouched("cas_1", Map.of(), true, false, T0.plusSeconds(120));
        assertThat(v.cases()).singleElement().satisfies(c -> assertThat(c.open()).isTrue());
    }

    @Test
    void theLastCampaignIsTheLatestByOccurrenceNotArrival() {
        CustomerView v = new CustomerView("con_1");
        v.messageSent("cmp_2", Map.of("campaignName", "Vuelta al cole"), T0.plusSeconds(60));
        v.messageSent("cmp_1", Map.of("campaignName", "Black Friday tóner"), T0);
        assertThat(v.lastCampaign().campaignId()).isEqualTo("cmp_2");
    }

    @Test
    void erasingForgetsEverything() {
        CustomerView v = new CustomerView("con_1");
        v.applyProfile(profile(0, "carmen@andina.example"));
        v.csatReceived("cas_1", 2, "Tardaron mucho", T0);
        v.erase();
        assertThat(v.erased()).isTrue();
        assertThat(v.profile()).isNull();
        assertThat(v.csat()).isEmpty();
    }
}
