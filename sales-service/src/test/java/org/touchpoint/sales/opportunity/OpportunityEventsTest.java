package org.touchpoint.sales.opportunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.sales.SalesEventsTest;
import tools.jackson.databind.JsonNode;

/** What a deal publishes on its way to won, and how the won touch comes back as a past purchase in the briefing. */
class OpportunityEventsTest extends SalesEventsTest {

    @Test
    void everyStageChangeAndTheWinArePublishedAndTheWinBecomesAPurchase() {
        String customer = customerId();
        try (TopicProbe touches = touches()) {
            String id = createOpportunity(customer, "user:lucia", "2030-01-20").get("id").asString();
            call("POST", "/api/opportunities/" + id + "/stage", "{\"stage\": \"proposal\"}");
            call("POST", "/api/opportunities/" + id + "/stage", "{\"stage\": \"won\", \"closeReason\": \"Mejor servicio técnico\", \"channel\": \"visit\"}");

            touches.await(r -> customer.equals(r.key()) && isTouch(r, TouchKinds.OPPORTUNITY_WON, "opportunityId", id), WAIT);
            List<Touch> published = touches.seen(r -> customer.equals(r.key())).stream().map(this::touchOf).toList();
            assertThat(published).extracting(Touch::kind)
                    .containsExactly("opportunity.created", "opportunity.stage-changed", "opportunity.won");
            Touch won = published.get(2);
            assertThat(won.channel()).isEqualTo("visit");
            assertThat(won.amount().amount()).isEqualTo("3700.00");
            assertThat(won.amount().currency()).isEqualTo("EUR");
            assertThat(won.refs()).containsEntry("pipelineId", json(call("GET", "/api/opportunities/" + id, null)).get("pipelineId").asString());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) won.attributes().get("lineItems");
            assertThat(items).extracting(i -> i.get("category")).containsExactly("ink-cartridges", "support-plan");
            assertThat(items.get(1)).containsEntry("productCode", "support-premium").containsEntry("termMonths", 12);
            assertThat(won.attributes()).containsEntry("closeReason", "Mejor servicio técnico").containsKey("cycleDays").containsKey("createdAt");
        }
        await().atMost(WAIT).until(() -> json(call("GET", "/api/customers/" + customer + "/briefing", null)).get("pastPurchases").size() == 1);
        JsonNode b = json(call("GET", "/api/customers/" + customer + "/briefing", null));
        assertThat(b.get("openOpportunities").size()).isZero();
        assertThat(b.get("pastPurchases").get(0).get("lineItems").findValuesAsString("category")).containsExactly("ink-cartridges", "support-plan");
    }
}
