package org.touchpoint.kit.test;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One embedded Kafka broker (KRaft) and one mongo-java-server per test JVM, started on first use on random
 * ports and stopped when the JVM exits, after the Spring contexts. Spring tests call {@link #register} from a
 * {@code @DynamicPropertySource} method of a shared base class, so their contexts are cached and reused.
 */
public final class TestInfrastructure {

    /** The internal-token secret every test context and {@link TestTokens} share. */
    public static final String TOKEN_SECRET = "test-internal-token-secret-0123456789abcdef";

    private static MongoServer mongo;
    private static String mongoUri;
    private static EmbeddedKafkaKraftBroker kafka;

    private TestInfrastructure() {
    }

    public static synchronized String mongoUri() {
        if (mongo == null) {
            mongo = new MongoServer(new MemoryBackend());
            InetSocketAddress address = mongo.bind();
            mongoUri = "mongodb://" + address.getHostString() + ":" + address.getPort();
            MongoServer started = mongo;
            stopAfterSpringContexts(started::shutdownNow);
        }
        return mongoUri;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 2);
            kafka.brokerProperty("auto.create.topics.enable", "true");
            kafka.afterPropertiesSet();
            EmbeddedKafkaKraftBroker started = kafka;
            stopAfterSpringContexts(started::destroy);
        }
        return kafka.getBrokersAsString();
    }

    /**
     * Stops a server when the JVM exits, but only after Spring's cached test contexts have closed: as a plain JVM
     * shutdown hook it would run concurrently with them, and a context still stopping (the outbox relay finishing
     * a pass) would wait out its MongoDB or Kafka timeouts against a server already gone, delaying every test JVM's
     * exit by 30 s. Spring Boot runs its shutdown handlers after closing the contexts (and registers its JVM hook).
     */
    private static void stopAfterSpringContexts(Runnable stop) {
        org.springframework.boot.SpringApplication.getShutdownHandlers().add(stop);
    }

    /** Points a Spring test context at the shared broker and MongoDB, with the shared token secret. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
        registerAllButKafka(registry);
    }

    /** As {@link #register}, for a test that brings its own broker. */
    public static void registerAllButKafka(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", TestInfrastructure::mongoUri);
        registry.add("crm.security.internal-token-secret", () -> TOKEN_SECRET);
        registry.add("crm.kafka.partitions", () -> "2");
        registry.add("crm.kafka.retry-initial", () -> "50ms");
        registry.add("crm.kafka.retry-max", () -> "200ms");
        registry.add("crm.kafka.max-retries", () -> "2");
        registry.add("crm.outbox.relay-interval", () -> "200ms");
    }
}
