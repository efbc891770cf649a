package org.touchpoint.gateway.health;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * MongoDB health as a {@code ping} on the gateway's own database. Replaces Boot's indicator (same bean name,
 * so it backs off), which sends {@code hello} to every database: mongo-java-server, the embedded MongoDB of
 * the one-command platform, rejects that, and readiness would stay DOWN.
 */
@Component("mongoHealthIndicator")
class MongoPingHealthIndicator extends AbstractReactiveHealthIndicator {

    private final ReactiveMongoTemplate mongo;

    MongoPingHealthIndicator(ReactiveMongoTemplate mongo) {
        super("MongoDB health check failed");
        this.mongo = mongo;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return mongo.getMongoDatabase().flatMap(db -> Mono.from(db.runCommand(new Document("ping", 1)))
                .map(answer -> builder.up().withDetail("database", db.getName()).build()));
    }
}
