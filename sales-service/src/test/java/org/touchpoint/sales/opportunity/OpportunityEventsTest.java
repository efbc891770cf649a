package org.touchpoint.sales.opportunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
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

    @Test
    void editingADealsTermsPublishesOpportunityUpdatedAndANoOpEditPublishesNothing() {
        String customer = customerId();
        try (TopicProbe touches = touches()) {
            String id = createOpportunity(customer, "user:lucia", "2030-01-20").get("id").asString();
            HttpResponse<String> edited = put(id, customer, "4100.00", "2030-02-28", "user:marta");
            assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
            assertThat(put(id, customer, "4100.00", "2030-02-28", "user:marta").statusCode()).isEqualTo(200); // nothing changes
            call("POST", "/api/opportunities/" + id + "/stage", "{\"stage\": \"proposal\"}");

            touches.await(r -> customer.equals(r.key()) && isTouch(r, TouchKinds.OPPORTUNITY_STAGE_CHANGED, "opportunityId", id), WAIT);
            List<Touch> published = touches.seen(r -> customer.equals(r.key())).stream().map(this::touchOf).toList();
            assertThat(published).extracting(Touch::kind)
                    .containsExactly("opportunity.created", "opportunity.updated", "opportunity.stage-changed");
            Touch updated = published.get(1);
            assertThat(updated.amount().amount()).isEqualTo("4100.00");
            assertThat(updated.refs()).containsEntry("opportunityId", id);
            assertThat(updated.attributes()).containsEntry("stage", "prospecting").containsEntry("expectedCloseDate", "2030-02-28")
                    .containsEntry("ownerId", "user:marta").containsEntry("changedFields", List.of("amount", "expectedCloseDate", "ownerId"));
        }
    }

    private HttpResponse<String> put(String id, String customer, String amount, String expectedCloseDate, String owner) {
        HttpResponse<String> current = call("GET", "/api/opportunities/" + id, null);
        return callIfMatch("PUT", "/api/opportunities/" + id, """
                {"customerId": "%s", "name": "Renovación de impresoras", "amount": {"amount": "%s", "currency": "EUR"},
                 "ownerId": "%s", "expectedCloseDate": "%s",
                 "lineItems": [
                   {"productCode": "TONER-HP-85A", "name": "Tóner HP 85A", "category": "ink-cartridges", "quantity": 40, "unitPrice": "62.50"},
                   {"productCode": "support-premium", "name": "Soporte premium", "category": "support-plan", "quantity": 1, "unitPrice": "1200.00", "termMonths": 12}
                 ]}""".formatted(customer, amount, owner, expectedCloseDate), current.headers().firstValue("ETag").orElseThrow());
    }
}
