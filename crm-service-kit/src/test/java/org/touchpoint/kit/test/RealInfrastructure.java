package org.touchpoint.kit.test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The real images the Testcontainers variant of each service's event tests runs against (where a Docker engine
 * runs; {@code @Testcontainers(disabledWithoutDocker = true)} skips them elsewhere). One place for the versions:
 * <pre>{@code
 * @Container static final MongoDBContainer MONGO = RealInfrastructure.mongo();
 * @Container static final KafkaContainer KAFKA = RealInfrastructure.kafka();
 * @DynamicPropertySource static void real(DynamicPropertyRegistry r) { RealInfrastructure.register(r, MONGO, KAFKA); }
 * }</pre>
 */
public final class RealInfrastructure {

    /** A replica set of one (MongoDBContainer initiates it), as production runs. */
    public static final String MONGO_IMAGE = "mongo:8.0";
    /** The official image, KRaft single node. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private RealInfrastructure() {
    }

    public static MongoDBContainer mongo() {
        return new MongoDBContainer(MONGO_IMAGE);
    }

    public static KafkaContainer kafka() {
        return new KafkaContainer(KAFKA_IMAGE);
    }

    /** Points the Spring context at the containers, with the shared token secret. */
    public static void register(DynamicPropertyRegistry registry, MongoDBContainer mongo, KafkaContainer kafka) {
        registry.add("spring.mongodb.uri", mongo::getReplicaSetUrl);
        registry.add("spring.kafka.bootstrap-servers", kafka::getBootstrapServers);
        registry.add("crm.security.internal-token-secret", () -> TestInfrastructure.TOKEN_SECRET);
    }
}
