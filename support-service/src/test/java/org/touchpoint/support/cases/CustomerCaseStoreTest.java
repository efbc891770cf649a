package org.touchpoint.support.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.touchpoint.support.SupportServiceTest;
import tools.jackson.databind.JsonNode;

/** The customer's case index: what the agent's context reads (by _id) instead of querying every case. */
class CustomerCaseStoreTest extends SupportServiceTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    CustomerCaseStore customerCases;

    @Test
    void openingACaseIndexesItUnderItsCustomerNewestFirst() {
        String customer = customerId();
        String first = openCase(customer, null, "normal").get("id").asString();
        String second = openCase(customer, null, "low").get("id").asString();
        // ids sort by creation time (to the millisecond: two cases of the same millisecond sort by their random part)
        List<String> newestFirst = Stream.of(first, second).sorted(Comparator.reverseOrder()).toList();
        assertThat(customerCases.latest(customer, 50)).containsExactlyElementsOf(newestFirst);
        assertThat(customerCases.latest(customer, 1)).containsExactly(newestFirst.getFirst());
        assertThat(customerCases.hasCases(customer)).isTrue();
        assertThat(customerCases.hasCases(customerId())).isFalse();
    }

    @Test
    void casesOpenedBeforeTheIndexExistedAreIndexedOnceAtStartUp() {
        String customer = customerId();
        String id = openCase(customer, null, "high").get("id").asString();
        // as if the case had been opened by a version without the index
        mongo.remove(Query.query(Criteria.where("_id").is(customer)), CustomerCaseStore.COLLECTION);
        mongo.remove(Query.query(Criteria.where("_id").is(CustomerCaseStore.BACKFILLED)), CustomerCaseStore.MIGRATIONS);
        assertThat(customerCases.latest(customer, 50)).isEmpty();

        customerCases.backfill();

        assertThat(customerCases.latest(customer, 50)).containsExactly(id);
        JsonNode ctx = json(call("GET", "/api/customers/" + customer + "/support-context", null));
        assertThat(ctx.get("cases").findValuesAsString("id")).containsExactly(id);
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(CustomerCaseStore.BACKFILLED)), CustomerCaseStore.MIGRATIONS)).isTrue();
    }
}
