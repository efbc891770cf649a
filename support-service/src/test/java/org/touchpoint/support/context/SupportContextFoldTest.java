package org.touchpoint.support.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's context folds: deals by occurredAt, conversations before bookkeeping. */
class SupportContextFoldTest {

    private static Map<String, Object> event(String kind, String opp, String stage, String at) {
        Map<String, Object> m = new HashMap<>();
        m.put("kind", kind);
        m.put("opportunityId", opp);
        m.put("stage", stage);
        m.put("occurredAt", Instant.parse(at));
        return m;
    }

    @Test
    void aDealIsOpenUntilWonOrLostAndShowsItsLatestStage() {
        List<Map<String, Object>> events = new ArrayList<>(List.of(
                event("opportunity.created", "opp_1", "qualification", "2026-11-01T10:00:00Z"),
                event("opportunity.stage-changed", "opp_1", "negotiation", "2026-11-05T10:00:00Z"),
                event("opportunity.created", "opp_2", "qualification", "2026-11-02T10:00:00Z"),
                event("opportunity.won", "opp_2", null, "2026-11-06T10:00:00Z")));
        var open = SupportContextController.openOpportunities(events);
        assertThat(open).extracting(SupportContextController.Opportunity::opportunityId).containsExactly("opp_1");
        assertThat(open.getFirst().stage()).isEqualTo("negotiation");
    }

    @Test
    void recentTouchesShowConversationsFirst() {
        List<Map<String, Object>> touches = List.of(
                Map.of("kind", "call.logged", "channel", "phone", "occurredAt", Instant.parse("2026-11-01T10:00:00Z")),
                Map.of("kind", "case.updated", "channel", "system", "occurredAt", Instant.parse("2026-11-03T10:00:00Z")),
                Map.of("kind", "message.sent", "channel", "email", "occurredAt", Instant.parse("2026-11-02T10:00:00Z")));
        var sorted = new ArrayList<>(touches);
        sorted.sort((a, b) -> ((Instant) a.get("occurredAt")).compareTo((Instant) b.get("occurredAt")));
        assertThat(SupportContextController.recent(sorted, 2)).extracting(SupportContextController.RecentTouch::kind)
                .containsExactly("message.sent", "call.logged");
        assertThat(SupportContextController.recent(sorted, 3)).extracting(SupportContextController.RecentTouch::kind)
                .containsExactly("message.sent", "call.logged", "case.updated");
    }
}
