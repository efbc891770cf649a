package org.touchpoint.sales.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.sales.SalesEventsTest;
import org.touchpoint.sales.customer.SalesCustomerStore;

/**
 * The race the refusal alone would lose: a record inserted while the customer's tombstone is being handled (after the
 * request was checked, possibly after the erasure pass ran). The writer checks the erasure marker again after its
 * insert and redacts the record itself.
 */
class ActivityErasureTest extends SalesEventsTest {

    @Autowired
    ActivityErasure erasure;
    @Autowired
    OutboxStore store;
    @Autowired
    SalesCustomerStore customers;
    @Autowired
    MongoTemplate mongo;

    @Test
    void aRecordInsertedAfterTheErasurePassIsRedactedByItsWriter() {
        String customer = customerId();
        publishTombstone(customer);
        await().atMost(WAIT).until(() -> customers.erased(customer));
        Instant now = Instant.now();
        // As if the request had passed the check just before the tombstone: the insert lands after the pass.
        Activity late = store.insert(Activity.log("act_RACE" + unique(), new ActivityRequest("call", customer, null, null, null,
                "Llamada a Remedios", "Remedios cambia de número", "quiere baja", 3, "inbound", now, "user:lucia"), "user:lucia", now));
        Task lateTask = store.insert(Task.create("tsk_RACE" + unique(), new TaskRequest("Llamar a Remedios", "al móvil nuevo",
                customer, null, null, "user:lucia", now.plusSeconds(86400), null), now));

        assertThatThrownBy(() -> erasure.redactIfErased(late))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));
        assertThatThrownBy(() -> erasure.redactIfErased(lateTask))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(422));

        Document activity = mongo.findById(late.getId(), Document.class, "activities");
        assertThat(activity).doesNotContainKeys("subject", "notes", "outcome").containsKey("erasedAt");
        Document task = mongo.findById(lateTask.getId(), Document.class, "tasks");
        assertThat(task).doesNotContainKeys("title", "notes", "pendingDueAt").containsEntry("status", "cancelled");
    }

    @Test
    void aRecordOfALiveCustomerIsLeftAlone() {
        String customer = customerId();
        Instant now = Instant.now();
        Activity a = store.insert(Activity.log("act_LIVE" + unique(), new ActivityRequest("email", customer, null, null, null,
                "Catálogo de tóner", null, null, null, "outbound", now, "user:lucia"), "user:lucia", now));
        erasure.redactIfErased(a);
        assertThat(mongo.findById(a.getId(), Document.class, "activities")).containsEntry("subject", "Catálogo de tóner")
                .doesNotContainKey("erasedAt");
    }
}
