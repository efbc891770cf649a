package org.touchpoint.analytics;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.test.ServiceTestSupport;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.test.TestTokens;

/** One context for every Spring test of the service: random port, the JVM's embedded broker and MongoDB (from the kit). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.database=crm_analytics_test", "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
        "crm.analytics.rfm-cache-ttl=0s"})
public abstract class AnalyticsServiceTest extends ServiceTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final Map<String, String> READ = TestTokens.authorization(Scopes.ANALYTICS_READ);
    protected static final Map<String, String> ALL = TestTokens.authorization(Scopes.ANALYTICS_READ, Scopes.ANALYTICS_WRITE);

    @Autowired
    protected EventCodec codec;

    protected HttpResponse<String> get(String path) {
        return call("GET", path, null, ALL);
    }

    protected static String customerId() {
        return "con_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    protected static CrmEvent<Touch> event(String service, Touch touch) {
        return CrmEvent.touch(service, touch, null);
    }

    /** The touch as the service that owns its kind publishes it. */
    protected static CrmEvent<Touch> event(Touch touch) {
        return CrmEvent.touch(org.touchpoint.events.TouchContract.owner(touch.kind()).orElseThrow(), touch, null);
    }

    /** Another customer whose records share the partition of {@code customerId}'s (so they are handled after them, in order). */
    protected static String samePartitionAs(String customerId) {
        int partitions = 2; // crm.kafka.partitions of the shared test broker
        int wanted = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(customerId.getBytes())) % partitions;
        while (true) {
            String other = customerId();
            if (org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(other.getBytes())) % partitions == wanted) {
                return other;
            }
        }
    }

    protected void publish(CrmEvent<Touch> event) {
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), codec.toRecord(Topics.TOUCHES, event));
    }

    protected void publishProfile(CustomerProfile profile) {
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(),
                codec.toRecord(Topics.CUSTOMER_PROFILES, CrmEvent.profile("customer-service", profile, null)));
    }

    protected void publishTombstone(String customerId) {
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), codec.profileTombstone(customerId));
    }

    protected static CustomerProfile profile(String id, long version, String first, String last) {
        return new CustomerProfile(id, "acc_andina", "Distribuidora Andina", first, last, first + " " + last, null,
                first.toLowerCase() + "@andina.example", "+57 4 444 1234", "Gerente de Compras", "user:lucia", "customer",
                Map.of(), java.util.List.of("mayorista"), version, Instant.parse("2026-11-01T10:00:00Z"));
    }
}
