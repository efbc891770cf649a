package org.touchpoint.gateway.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/** The {@code api_keys} collection. */
@Component
class ApiKeyStore {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyStore.class);

    private final ReactiveMongoTemplate mongo;

    ApiKeyStore(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Makes sure the unique index on {@code hash} exists. Spring Data's auto-index-creation tries once at
     * startup and gives up if MongoDB is not reachable yet; this keeps trying in the background until it is.
     */
    @EventListener(ApplicationReadyEvent.class)
    void ensureIndexes() {
        mongo.indexOps(ApiKey.class)
                .createIndex(new Index("hash", Sort.Direction.ASC).unique().named("hash"))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .filter(e -> e instanceof MongoTimeoutException || e instanceof MongoSocketException))
                .then(mongo.indexOps(ApiKey.class)
                        .createIndex(new Index("previousSecrets.hash", Sort.Direction.ASC).named("previousSecrets.hash")))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .filter(e -> e instanceof MongoTimeoutException || e instanceof MongoSocketException))
                .subscribe(name -> log.debug("Indexes of {} are in place", ApiKey.COLLECTION),
                        error -> log.error("Cannot create the indexes of {}", ApiKey.COLLECTION, error));
    }

    Mono<ApiKey> insert(ApiKey key) {
        return mongo.insert(key);
    }

    /** The key whose current secret, or a secret replaced by a rotation, has this hash. */
    Mono<ApiKey> findByHash(String hash) {
        return mongo.findOne(Query.query(new Criteria().orOperator(Criteria.where("hash").is(hash),
                Criteria.where("previousSecrets.hash").is(hash))), ApiKey.class);
    }

    /**
     * Replaces the key's secret, provided it still has the one the caller read ({@code expectedHash}): two
     * concurrent rotations cannot both win. Empty if the key changed meanwhile (or is revoked).
     */
    Mono<ApiKey> replaceSecret(ApiKey rotated, String expectedHash) {
        Query unchanged = Query.query(Criteria.where("_id").is(rotated.id()).and("hash").is(expectedHash)
                .and("revokedAt").isNull());
        Update update = new Update().set("hash", rotated.hash()).set("hint", rotated.hint())
                .set("previousSecrets", rotated.previousSecrets()).set("rotatedAt", rotated.rotatedAt());
        return mongo.findAndModify(unchanged, update, FindAndModifyOptions.options().returnNew(true), ApiKey.class);
    }

    Mono<ApiKey> findById(String id) {
        return mongo.findById(id, ApiKey.class);
    }

    /**
     * Keys in creation order, starting after the cursor position; fetches {@code limit + 1} so the caller
     * can tell whether another page follows.
     */
    Mono<List<ApiKey>> page(@Nullable PageCursor after, int limit) {
        Query query = new Query();
        if (after != null) {
            query.addCriteria(new Criteria().orOperator(
                    Criteria.where("createdAt").gt(after.createdAt()),
                    Criteria.where("createdAt").is(after.createdAt()).and("_id").gt(after.id())));
        }
        query.with(Sort.by(Sort.Order.asc("createdAt"), Sort.Order.asc("_id"))).limit(limit + 1);
        return mongo.find(query, ApiKey.class).collectList();
    }

    /** Sets {@code revokedAt} unless already set; the key as it is now, or empty if the id is unknown. */
    Mono<ApiKey> revoke(String id, Instant now) {
        Query notYetRevoked = Query.query(Criteria.where("_id").is(id).and("revokedAt").isNull());
        return mongo.findAndModify(notYetRevoked, new Update().set("revokedAt", now),
                        FindAndModifyOptions.options().returnNew(true), ApiKey.class)
                .switchIfEmpty(Mono.defer(() -> findById(id)));
    }

    Mono<Void> recordUse(String id, Instant now) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("lastUsedAt", now),
                ApiKey.class).then();
    }
}
