package org.touchpoint.customer;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Scopes;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.test.ServiceTestSupport;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TestTokens;

/** One context for every Spring test of the service: random port, the JVM's embedded broker and MongoDB (from the kit). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.database=crm_customer_test", "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN"})
@Import(QueryLog.class)
public abstract class CustomerServiceTest extends ServiceTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    /** The consumer group of the service's folding listener (its listener id). */
    private static final String FOLDING_GROUP = "customer-service-folding";

    @Autowired
    protected EventCodec codec;

    /** Every scope; the token is minted each time the header is read (a token lives two minutes, a run longer). */
    protected static final Map<String, String> ALL = TestTokens.authorization(Scopes.ACCOUNTS_READ, Scopes.ACCOUNTS_WRITE,
            Scopes.CONTACTS_READ, Scopes.CONTACTS_WRITE);

    protected HttpResponse<String> call(String method, String path, String body) {
        return call(method, path, body, ALL);
    }

    protected static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Publishes a touch as another service would, and answers where it landed. */
    protected RecordMetadata publish(CrmEvent<Touch> event) {
        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.TOUCHES, event);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send a test record", e);
        }
    }

    /**
     * Waits until the service's folding consumer has committed past this record: the folds, the reactions and any
     * dead-lettering of it (and of everything before it in its partition) are done. Works for records the service
     * ignores, forgets or dead-letters, which leave no other trace.
     */
    protected static void awaitConsumed(RecordMetadata sent) {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()))) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(FOLDING_GROUP).partitionsToOffsetAndMetadata().get()
                        .get(partition);
                return committed != null && committed.offset() > sent.offset();
            });
        }
    }

    /** Creates an account and returns its id. */
    protected String account(String name) {
        HttpResponse<String> r = call("POST", "/api/accounts", """
                {"name": "%s", "domain": "%s.example", "industry": "retail", "size": 120, "tier": "premium",
                 "address": {"city": "Medellín", "country": "CO"}, "tags": ["distribuidor"]}""".formatted(name, unique()));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("account not created: " + r.body());
        }
        return json(r).get("id").asString();
    }

    /** A contact body with a unique email. */
    protected static String contactBody(String first, String last, String accountId) {
        return """
                {"firstName": "%s", "lastName": "%s", "emails": ["%s.%s@andina.example"], "phones": ["+57 4 444 1234"],
                 %s "title": "Gerente de Compras", "ownerId": "user:lucia", "lifecycleStage": "customer", "tags": ["vip"],
                 "consent": {"email": {"status": "granted", "source": "web-form"}},
                 "notes": {"nickname": "Pepe", "preferences": "Prefiere llamadas por la mañana"},
                 "customAttributes": {"segment": "mayorista"}, "externalIds": {"erp": "C-%s"}}"""
                .formatted(first, last, unique(), unique(), accountId == null ? "" : "\"accountId\": \"" + accountId + "\",", unique());
    }
}
