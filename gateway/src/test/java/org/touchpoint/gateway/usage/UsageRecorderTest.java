package org.touchpoint.gateway.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/** Batching: many requests, one document per key and minute, written once per flush; nothing lost on failure. */
class UsageRecorderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create("mongodb://" + hostPort(server));
    private final ReactiveMongoTemplate mongo = new ReactiveMongoTemplate(client, "usage_test");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UsageRecorder recorder = new UsageRecorder(mongo, Clock.fixed(NOW, ZoneOffset.UTC), meters,
            new UsageProperties(Duration.ofHours(1), Duration.ofDays(31), Duration.ofDays(400)));

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void manyRequestsBecomeOneDocumentPerKeyAndMinuteWrittenInOneFlush() {
        for (int i = 0; i < 250; i++) {
            recorder.record("key_a", "customer-service", i % 10 == 0 ? 429 : 200, "partner");
        }
        recorder.record("key_a", "sales-service", 200, "partner");
        recorder.record("key_b", "customer-service", 200, "partner");
        assertThat(documents()).as("nothing is written per request").isEmpty();

        recorder.flush().block(Duration.ofSeconds(5));
        recorder.record("key_a", "customer-service", 200, "partner");
        recorder.flush().block(Duration.ofSeconds(5));

        List<Document> stored = documents();
        assertThat(stored).hasSize(2);
        UsageReport report = recorder.report("key_a", NOW.minusSeconds(3600), NOW.plusSeconds(60))
                .block(Duration.ofSeconds(5));
        assertThat(report.total()).isEqualTo(252);
        assertThat(report.byRoute()).containsEntry("customer-service", 251L).containsEntry("sales-service", 1L);
        assertThat(report.byStatus()).containsEntry("200", 227L).containsEntry("429", 25L);
        assertThat(report.minutes()).allSatisfy(m -> assertThat(m.minute()).isEqualTo(Instant.parse("2026-03-01T10:15:00Z")));
        assertThat(meters.get("gateway.principal.requests").tag("route", "customer-service").tag("status", "200")
                .counter().count()).isEqualTo(227);
    }

    @Test
    void countsOfAFailedWriteAreKeptForTheNextFlush() {
        recorder.record("key_a", "customer-service", 200, "partner");
        int port = server.getLocalAddress().getPort();
        server.shutdownNow();

        assertThat(recorder.flush().onErrorResume(e -> reactor.core.publisher.Mono.empty())
                .block(Duration.ofSeconds(40))).isNull();

        MongoServer again = new MongoServer(new MemoryBackend());
        again.bind("127.0.0.1", port);
        try {
            recorder.record("key_a", "customer-service", 200, "partner");
            recorder.flush().block(Duration.ofSeconds(40));
            assertThat(recorder.report("key_a", NOW.minusSeconds(60), NOW.plusSeconds(60)).block(Duration.ofSeconds(5))
                    .total()).isEqualTo(2);
        }
        finally {
            again.shutdownNow();
        }
    }

    private List<Document> documents() {
        return Flux.from(mongo.getCollection(UsageRecorder.COLLECTION).block().find()).collectList()
                .block(Duration.ofSeconds(5));
    }

    private static String hostPort(MongoServer server) {
        server.bind("127.0.0.1", 0);
        var address = server.getLocalAddress();
        return address.getHostString() + ":" + address.getPort() + "/?serverSelectionTimeoutMS=2000&connectTimeoutMS=1000";
    }
}
