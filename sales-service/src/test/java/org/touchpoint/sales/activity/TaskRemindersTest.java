package org.touchpoint.sales.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.sales.SalesEventsTest;

/**
 * Reminders fire exactly once with several replicas: besides the service's own scheduler, two more scheduler
 * instances (as other replicas would run) race on the same tasks.
 */
class TaskRemindersTest extends SalesEventsTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    OutboxStore store;
    @Autowired
    Clock clock;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TaskProperties properties;

    private String task(String customer, Instant dueAt) {
        return created(call("POST", "/api/tasks", """
                {"title": "Volver a llamar: quiere aplazar la compra", "customerId": "%s", "ownerId": "user:lucia", "dueAt": "%s"}"""
                .formatted(customer, dueAt))).get("id").asString();
    }

    @Test
    void twoReplicasReadingTheSameDueTaskFireItOnce() {
        String customer = customerId();
        String id = task(customer, Instant.now().plus(1, ChronoUnit.HOURS)); // the service's scheduler leaves it alone
        TaskReminders replicaA = new TaskReminders(mongo, store, clock, properties, meters);
        TaskReminders replicaB = new TaskReminders(mongo, store, clock, properties, meters);
        Task readByA = mongo.findById(id, Task.class);
        Task readByB = mongo.findById(id, Task.class);
        Instant due = Instant.now().plus(2, ChronoUnit.HOURS);

        assertThat(replicaA.fire(readByA, due)).isTrue();
        assertThat(replicaB.fire(readByB, due)).as("the second write finds a newer version and skips").isFalse();

        try (TopicProbe touches = touches()) {
            touches.await(r -> isTouch(r, TouchKinds.TASK_DUE, "taskId", id), WAIT);
            awaitPublished(List.of(id));
            assertThat(touches.seen(r -> isTouch(r, TouchKinds.TASK_DUE, "taskId", id))).hasSize(1);
        }
        assertThat(mongo.findById(id, Task.class).firedAt()).isNotNull();
    }

    @Test
    void concurrentSchedulersFireEachDueTaskExactlyOnce() throws Exception {
        String customer = customerId();
        List<String> ids = new ArrayList<>();
        Instant due = Instant.now().plusMillis(300);
        for (int i = 0; i < 12; i++) {
            ids.add(task(customer, due));
        }
        TaskReminders replicaA = new TaskReminders(mongo, store, clock, properties, meters);
        TaskReminders replicaB = new TaskReminders(mongo, store, clock, properties, meters);
        try (TopicProbe touches = touches(); ExecutorService threads = Executors.newFixedThreadPool(2)) {
            await().atMost(WAIT).until(() -> {
                CompletableFuture<Integer> a = CompletableFuture.supplyAsync(replicaA::fireDue, threads);
                CompletableFuture<Integer> b = CompletableFuture.supplyAsync(replicaB::fireDue, threads);
                a.get();
                b.get();
                return ids.stream().allMatch(id -> mongo.findById(id, Task.class).firedAt() != null);
            });
            awaitPublished(ids);
            touches.await(r -> customer.equals(r.key()) && touchOf(r).kind().equals(TouchKinds.TASK_DUE), WAIT);
            List<String> fired = touches.seen(r -> customer.equals(r.key()) && r.value() != null)
                    .stream().map(this::touchOf).filter(t -> t.kind().equals(TouchKinds.TASK_DUE)).map(t -> t.refs().get("taskId")).toList();
            assertThat(fired).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void aPostponedTaskFiresAgainAtItsNewTime() {
        String customer = customerId();
        Instant first = Instant.now().plusMillis(300).truncatedTo(ChronoUnit.MILLIS);
        String id = task(customer, first);
        try (TopicProbe touches = touches()) {
            Touch fired = touchOf(touches.await(r -> isTouch(r, TouchKinds.TASK_DUE, "taskId", id), WAIT));
            assertThat(fired.attributes()).containsEntry("dueAt", first.toString()).containsEntry("ownerId", "user:lucia");

            Instant later = Instant.now().plusMillis(500).truncatedTo(ChronoUnit.MILLIS);
            var postponed = call("PUT", "/api/tasks/" + id, """
                    {"title": "Volver a llamar: quiere aplazar la compra", "customerId": "%s", "ownerId": "user:lucia", "dueAt": "%s"}"""
                    .formatted(customer, later));
            assertThat(postponed.statusCode()).as(postponed.body()).isEqualTo(200);
            touches.await(r -> isTouch(r, TouchKinds.TASK_DUE, "taskId", id) && later.toString().equals(touchOf(r).attributes().get("dueAt")), WAIT);
            awaitPublished(List.of(id));
            assertThat(touches.seen(r -> isTouch(r, TouchKinds.TASK_DUE, "taskId", id))).hasSize(2);
        }
    }

    /** Every event the tasks emitted is on the topic once their outboxes are empty (the relay removes only acknowledged ids). */
    private void awaitPublished(List<String> ids) {
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> mongo.findById(id, Task.class).pendingOutbox().isEmpty()));
    }
}
