package org.touchpoint.support.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.touchpoint.support.customer.CustomerCopy.DealEvent;
import org.touchpoint.support.customer.CustomerCopy.RecentTouch;

/** The agent's context from the customer's copy: deals by occurredAt, conversations before bookkeeping. */
class SupportContextFoldTest {

    private static DealEvent deal(String kind, String opp, String stage, String amount, String at) {
        return new DealEvent(Instant.parse(at), kind, opp, null, stage, null, null, null, amount, amount == null ? null : "EUR");
    }

    @Test
    void aDealIsOpenUntilWonOrLostAndShowsItsLatestStage() {
        List<DealEvent> history = List.of(
                deal("opportunity.created", "opp_1", "qualification", null, "2026-11-01T10:00:00Z"),
                deal("opportunity.created", "opp_2", "qualification", null, "2026-11-02T10:00:00Z"),
                deal("opportunity.stage-changed", "opp_1", "negotiation", null, "2026-11-05T10:00:00Z"),
                deal("opportunity.won", "opp_2", null, null, "2026-11-06T10:00:00Z"));
        var open = SupportContextController.openOpportunities(history);
        assertThat(open).extracting(SupportContextController.Opportunity::opportunityId).containsExactly("opp_1");
        assertThat(open.getFirst().stage()).isEqualTo("negotiation");
    }

    @Test
    void anUpdatedDealShowsItsCurrentAmountAndKeepsItsStage() {
        List<DealEvent> history = List.of(
                deal("opportunity.created", "opp_1", "qualification", "52000.00", "2026-11-01T10:00:00Z"),
                deal("opportunity.stage-changed", "opp_1", "proposal", "52000.00", "2026-11-03T10:00:00Z"),
                deal("opportunity.updated", "opp_1", null, "61500.00", "2026-11-04T10:00:00Z"));
        var deal = SupportContextController.openOpportunities(history).getFirst();
        assertThat(deal.amount()).isEqualTo("61500.00");
        assertThat(deal.stage()).isEqualTo("proposal");
        assertThat(deal.updatedAt()).isEqualTo(Instant.parse("2026-11-04T10:00:00Z"));
    }

    @Test
    void recentTouchesShowConversationsFirst() {
        List<RecentTouch> sorted = List.of(
                new RecentTouch("e1", "call.logged", "phone", Instant.parse("2026-11-01T10:00:00Z"), null, null, null),
                new RecentTouch("e2", "message.sent", "email", Instant.parse("2026-11-02T10:00:00Z"), null, null, null),
                new RecentTouch("e3", "case.updated", "system", Instant.parse("2026-11-03T10:00:00Z"), null, null, null));
        assertThat(SupportContextController.recent(sorted, 2)).extracting(SupportContextController.RecentTouch::kind)
                .containsExactly("message.sent", "call.logged");
        assertThat(SupportContextController.recent(sorted, 3)).extracting(SupportContextController.RecentTouch::kind)
                .containsExactly("message.sent", "call.logged", "case.updated");
    }
}
