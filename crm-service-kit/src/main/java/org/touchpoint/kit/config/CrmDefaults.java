package org.touchpoint.kit.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The platform's defaults for every service, added with the LOWEST precedence: a service's
 * application.yml, the environment and the command line all override them. Kept in one place so no
 * service copies Kafka, MongoDB, actuator or error settings.
 */
public class CrmDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "crmServiceKitDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> d = new LinkedHashMap<>();
        // Infrastructure, from the environment (docker-compose, k8s ConfigMap, ./crm up).
        d.put("spring.mongodb.uri", "${MONGODB_URI:mongodb://localhost:27017}");
        d.put("spring.data.mongodb.auto-index-creation", "true");
        d.put("spring.kafka.bootstrap-servers", "${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}");
        d.put("crm.security.internal-token-secret", "${CRM_INTERNAL_TOKEN_SECRET:}");

        // Producer: idempotent, acks=all; never block a request thread for long when Kafka is down.
        d.put("spring.kafka.producer.acks", "all");
        d.put("spring.kafka.producer.key-serializer", "org.apache.kafka.common.serialization.StringSerializer");
        d.put("spring.kafka.producer.value-serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        d.put("spring.kafka.producer.properties.enable.idempotence", "true");
        d.put("spring.kafka.producer.properties.max.block.ms", "5000");
        d.put("spring.kafka.producer.properties.request.timeout.ms", "10000");
        d.put("spring.kafka.producer.properties.delivery.timeout.ms", "30000");
        d.put("spring.kafka.producer.properties.linger.ms", "5");

        // Consumers: group = service name, at-least-once with per-record commits after handling.
        d.put("spring.kafka.consumer.group-id", "${spring.application.name}");
        d.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        d.put("spring.kafka.consumer.enable-auto-commit", "false");
        d.put("spring.kafka.consumer.key-deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        d.put("spring.kafka.consumer.value-deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        d.put("spring.kafka.listener.ack-mode", "record");
        // A replica that dies without leaving its group holds its partitions until the session times out:
        // 10 s rather than the client's 45 s default, so a restarted service resumes consuming quickly.
        d.put("spring.kafka.consumer.properties.session.timeout.ms", "10000");
        d.put("spring.kafka.consumer.properties.heartbeat.interval.ms", "3000");
        // Producer observation would look up the cluster id through the admin client, which blocks every send
        // while Kafka is down. The outbox instead writes the W3C traceparent of the originating request on each
        // record, so consumers (listener observation on) continue the request's trace even via the relay.
        d.put("spring.kafka.template.observation-enabled", "false");
        d.put("spring.kafka.listener.observation-enabled", "true");

        // Web: problem+json, never a stack trace, virtual threads for blocking I/O.
        d.put("server.error.include-stacktrace", "never");
        d.put("server.error.include-message", "never");
        d.put("server.shutdown", "graceful");
        d.put("spring.threads.virtual.enabled", "true");
        d.put("server.tomcat.max-swallow-size", "2MB");

        // Actuator: Prometheus, liveness/readiness groups (readiness needs MongoDB and Kafka; liveness neither).
        d.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        // The kit brings its own "mongo" indicator (a ping: works on MongoDB and mongo-java-server alike).
        d.put("management.health.mongodb.enabled", "false");
        d.put("management.endpoint.health.probes.enabled", "true");
        d.put("management.endpoint.health.show-details", "always");
        d.put("management.endpoint.health.group.liveness.include", "livenessState");
        d.put("management.endpoint.health.group.readiness.include", "readinessState,mongo,kafka");
        d.put("management.info.build.enabled", "true");
        d.put("management.observations.annotations.enabled", "true");
        // Latency as a Prometheus histogram (http_server_requests_seconds_bucket), so dashboards and alerts compute
        // p50/p95/p99 with histogram_quantile across replicas. Fixed boundaries rather than Micrometer's
        // percentiles-histogram: about 50 buckets between 5 ms and 10 s, times every uri × method × status series,
        // would multiply each service's series count; these 12 cover the API's range (the gateway times out at 10 s).
        d.put("management.metrics.distribution.slo[http.server.requests]", "5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s,10s");
        // crm.kafka.dlt.records: how often each service reads the depth of its dead-letter topics.
        d.put("crm.kafka.dlt-metrics.refresh-interval", "30s");

        // OpenAPI per service.
        d.put("springdoc.api-docs.path", "/v3/api-docs");
        d.put("springdoc.swagger-ui.path", "/swagger-ui.html");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, d));
    }
}
