package org.touchpoint.analytics.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.touchpoint.analytics.AnalyticsServiceTest;
import org.touchpoint.analytics.fold.ViewCollections;
import org.touchpoint.analytics.generation.Generations;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Money;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import tools.jackson.databind.JsonNode;

/** Rebuild by replay: the rebuilt generation equals the live one, live processing continues, one rebuild at a time. */
class RebuildTest extends AnalyticsServiceTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    Generations generations;

    private final Instant t0 = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void replayingTheTopicRebuildsTheSameView() {
        List<String> ids = List.of(customerId(), customerId(), customerId());
        String erased = customerId();
        List<CrmEvent<Touch>> history = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            publishProfile(profile(id, 1, "Cliente" + i, "Réplica"));
            history.add(event("sales-service", Touch.builder(id, TouchKinds.OPPORTUNITY_WON).channel(Channels.VISIT).occurredAt(t0.plusSeconds(3600))
                    .ref("opportunityId", "opp_w" + i).amount(new Money((1000 * (i + 1)) + ".00", "EUR"))
                    .attribute("lineItems", List.of(Map.of("productCode", "support-premium", "category", "support-plan", "quantity", 1, "unitPrice", "1000.00")))
                    .build()));
            // Older than the win, arriving after it.
            history.add(event("sales-service", Touch.builder(id, TouchKinds.OPPORTUNITY_STAGE_CHANGED).occurredAt(t0)
                    .ref("opportunityId", "opp_w" + i).attribute("stage", "negotiation").attribute("probability", 80).build()));
            history.add(event("support-service", Touch.builder(id, TouchKinds.CASE_OPENED).channel(Channels.CHAT).occurredAt(t0.plusSeconds(60))
                    .ref("caseId", "cas_" + i).attribute("priority", "high").attribute("tier", "premium").build()));
            history.add(event("support-service", Touch.builder(id, TouchKinds.CASE_RESOLVED).occurredAt(t0.plusSeconds(600))
                    .ref("caseId", "cas_" + i).attribute("firstResponseMinutes", 5).attribute("resolutionMinutes", 9).build()));
            history.add(event("marketing-service", Touch.builder(id, TouchKinds.MESSAGE_SENT).channel(Channels.EMAIL).occurredAt(t0.plusSeconds(120))
                    .ref("campaignId", "cmp_r").attribute("campaignName", "Renovación").build()));
            history.add(event("marketing-service", Touch.builder(id, TouchKinds.CAMPAIGN_RESPONDED).channel(Channels.WEB).occurredAt(t0.plusSeconds(180))
                    .ref("campaignId", "cmp_r").build()));
        }
        history.add(event("sales-service", Touch.builder(erased, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(t0).build()));
        publishProfile(profile(erased, 1, "Borrado", "Olvidado"));
        for (CrmEvent<Touch> e : history) {
            publish(e);
        }
        publish(history.get(0)); // redelivered, before and during the replay
        publish(history.get(3));
        publishTombstone(erased);
        publish(event("sales-service", Touch.builder(erased, TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(t0.plusSeconds(9)).build()));
        CrmEvent<Touch> last = event("sales-service", Touch.builder(ids.getLast(), TouchKinds.EMAIL_LOGGED).channel(Channels.EMAIL)
                .occurredAt(t0.plusSeconds(7200)).build());
        publish(last);
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> get("/api/customers/" + id + "/360").statusCode() == 200)
                && json(get("/api/customers/" + ids.getLast() + "/360")).path("touches").path("total").asLong() == 7
                && get("/api/customers/" + erased + "/360").statusCode() == 404);

        await().atMost(WAIT).until(() -> generations.current().shadow() == null);
        int liveGeneration = generations.current().active();
        List<JsonNode> liveViews = ids.stream().map(id -> withoutBookkeeping(json(get("/api/customers/" + id + "/360")))).toList();
        List<JsonNode> liveTimelines = ids.stream().map(id -> json(get("/api/customers/" + id + "/timeline?limit=200"))).toList();

        HttpResponse<String> started = call("POST", "/api/analytics/rebuilds", null, ALL);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/api/analytics/rebuilds/reb_");
        // Live processing continues while the replay runs, and reaches the new generation.
        CrmEvent<Touch> during = event("sales-service", Touch.builder(ids.getFirst(), TouchKinds.MEETING_LOGGED).channel(Channels.VISIT)
                .occurredAt(t0.plusSeconds(9000)).build());
        publish(during);
        publish(history.get(1)); // and another redelivery

        await().atMost(WAIT).until(() -> !"running".equals(json(get(location)).path("status").asString()));
        JsonNode rebuild = json(get(location));
        assertThat(rebuild.path("status").asString()).as(rebuild.toString()).isEqualTo("completed");
        assertThat(rebuild.path("progress").path("records").asLong()).isEqualTo(rebuild.path("progress").path("total").asLong()).isPositive();
        assertThat(rebuild.path("progress").path("fraction").asDouble()).isEqualTo(1.0);
        int rebuilt = generations.current().active();
        assertThat(rebuilt).isEqualTo(rebuild.path("generation").asInt()).isNotEqualTo(liveGeneration);

        await().atMost(WAIT).until(() -> timelineOf(rebuilt, ids.getFirst()).stream().anyMatch(d -> during.id().equals(d.getString("eventId"))));
        assertThat(json(get("/api/customers/" + ids.getFirst() + "/360")).path("touches").path("countsByChannel").path("visit").asLong())
                .as("the touch published during the rebuild").isEqualTo(2);

        // The first customer got one more touch during the rebuild; the others must be exactly as they were.
        for (int i = 1; i < ids.size(); i++) {
            assertThat(withoutBookkeeping(json(get("/api/customers/" + ids.get(i) + "/360")))).isEqualTo(liveViews.get(i));
            assertThat(json(get("/api/customers/" + ids.get(i) + "/timeline?limit=200"))).isEqualTo(liveTimelines.get(i));
        }
        // And the stored documents of both generations agree, the first customer once the extra touch is accounted for.
        for (String id : ids.subList(1, ids.size())) {
            assertThat(stored(rebuilt, id)).isEqualTo(stored(liveGeneration, id));
            assertThat(timelineOf(rebuilt, id)).isEqualTo(timelineOf(liveGeneration, id));
        }
        assertThat(get("/api/customers/" + erased + "/360").statusCode()).as("the erased customer stays erased").isEqualTo(404);
        assertThat(get("/api/customers/" + erased + "/timeline").statusCode()).isEqualTo(404);
    }

    @Test
    void aSecondRebuildWhileOneRunsIs409AndAStalledOneIsSuperseded() {
        await().atMost(WAIT).until(() -> generations.current().shadow() == null);
        // Another replica's rebuild, making progress, whose end is far ahead (it cannot complete during the test).
        String other = "reb_other" + System.nanoTime();
        Generations.Pointer opened = generations.beginShadow(other, null);
        assertThat(opened).isNotNull();
        Rebuild running = new Rebuild(other, "key:other", opened.shadow(), opened.active(), Instant.now());
        running.endOffsets.add("crm.touches/0=" + Long.MAX_VALUE);
        mongo.insert(running, Rebuild.COLLECTION);
        try {
            HttpResponse<String> second = call("POST", "/api/analytics/rebuilds", null, ALL);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
            assertThat(second.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

            // Its replay stops making progress: once its last progress is older than rebuild-stale-after, a new rebuild
            // supersedes it (the watcher records progress only when there is some).
            await().atMost(WAIT).until(() -> {
                Rebuild r = mongo.findById(other, Rebuild.class, Rebuild.COLLECTION);
                r.progressAt = Instant.now().minus(1, ChronoUnit.HOURS);
                r.heartbeatAt = r.progressAt;
                mongo.save(r, Rebuild.COLLECTION);
                return call("POST", "/api/analytics/rebuilds", null, ALL).statusCode() == 202;
            });
            assertThat(json(get("/api/analytics/rebuilds/" + other)).path("status").asString()).isEqualTo("failed");
            String latest = generations.refresh().rebuildId();
            String location = "/api/analytics/rebuilds/" + latest;
            await().atMost(WAIT).until(() -> "completed".equals(json(get(location)).path("status").asString()));
        } finally {
            generations.abandon(other);
        }
    }

    @Test
    void aRetriedRebuildRequestWithTheSameIdempotencyKeyAnswersTheSameRebuild() {
        await().atMost(WAIT).until(() -> generations.current().shadow() == null);
        Map<String, String> withKey = Map.of("Authorization", ALL.get("Authorization"), "Idempotency-Key", "rebuild-" + System.nanoTime());
        HttpResponse<String> first = call("POST", "/api/analytics/rebuilds", null, withKey);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        HttpResponse<String> retry = call("POST", "/api/analytics/rebuilds", null, withKey);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json(retry).path("id").asString()).isEqualTo(json(first).path("id").asString());
        String location = first.headers().firstValue("Location").orElseThrow();
        await().atMost(WAIT).until(() -> "completed".equals(json(get(location)).path("status").asString()));
    }

    private static JsonNode withoutBookkeeping(JsonNode view) {
        ((tools.jackson.databind.node.ObjectNode) view).remove("updatedAt");
        return view;
    }

    /** A stored view without what depends on how the records were batched: version, write token, pending batch end. */
    private Document stored(int generation, String id) {
        Document d = mongo.findById(id, Document.class, ViewCollections.customers(generation));
        assertThat(d).isNotNull();
        for (String batching : List.of("_id", "version", "updatedAt", "_token", "_pending", "_class")) {
            d.remove(batching);
        }
        // The two topics' records interleave differently in live batches and in the replay's: the same events, in another order.
        List<String> applied = new ArrayList<>(d.getList("_applied", String.class));
        applied.sort(Comparator.naturalOrder());
        d.put("_applied", applied);
        return d;
    }

    /** Every timeline entry of the customer, head and archive buckets, oldest first. */
    private List<Document> timelineOf(int generation, String id) {
        Document head = mongo.findById(id, Document.class, ViewCollections.timeline(generation));
        if (head == null) {
            return List.of();
        }
        List<Document> entries = new ArrayList<>(head.getList("entries", Document.class, List.of()));
        for (Document b : mongo.find(Query.query(Criteria.where("_id").regex("^" + id + "#")), Document.class, ViewCollections.timelineArchive(generation))) {
            entries.addAll(b.getList("entries", Document.class, List.of()));
        }
        entries.sort(Comparator.comparing(d -> d.getString("sortKey")));
        return entries;
    }
}
