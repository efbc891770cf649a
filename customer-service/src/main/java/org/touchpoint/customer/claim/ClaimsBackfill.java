package org.touchpoint.customer.claim;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.outbox.OutboxDocument;

/**
 * Claims for the owners written before the claims existed: at start-up, once per kind (a {@code backfilled:<kind>}
 * marker in the claims collection says it is done), every live owner holding a value gets its claim, unless the value
 * is claimed already. One scan of the owners, once. Safe beside live writes and other instances doing the same: an
 * adopted claim names the version the owner had when it was read, so if the owner has moved on since, the claim is
 * stale by the rules of {@link Claims}; a value claimed meanwhile keeps its claim.
 */
@Component
class ClaimsBackfill implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ClaimsBackfill.class);

    private final MongoTemplate mongo;
    private final List<Claims<?>> claims;
    private final Clock clock;

    ClaimsBackfill(MongoTemplate mongo, List<Claims<?>> claims, Clock clock) {
        this.mongo = mongo;
        this.claims = claims;
        this.clock = clock;
    }

    /**
     * A failure (the store not up yet) does not stop the service: the next start backfills, and meanwhile the unique
     * indexes on the owners' values still refuse a duplicate.
     */
    @Override
    public void run(ApplicationArguments args) {
        for (Claims<?> kind : claims) {
            try {
                backfill(kind);
            } catch (RuntimeException e) {
                log.warn("Claims for {} not backfilled, the next start will: {}", kind.kind(), e.toString());
            }
        }
    }

    /** @return how many claims were adopted (0 when this kind was backfilled before) */
    int backfill(Claims<?> kind) {
        String marker = "backfilled:" + kind.kind();
        if (mongo.findById(marker, Document.class, Claim.COLLECTION) != null) {
            return 0;
        }
        Query live = Query.query(Criteria.where(kind.valueField()).ne(null).and("deleted").ne(true));
        live.fields().include(kind.valueField(), OutboxDocument.VERSION_FIELD);
        int adopted = 0;
        try (Stream<Document> owners = mongo.stream(live, Document.class, kind.owners())) {
            for (Document owner : (Iterable<Document>) owners::iterator) {
                long version = ((Number) owner.getOrDefault(OutboxDocument.VERSION_FIELD, 0L)).longValue();
                Claim claim = new Claim(kind.kind() + ":" + owner.getString(kind.valueField()), String.valueOf(owner.get("_id")),
                        version, clock.instant(), UUID.randomUUID().toString());
                try {
                    mongo.insert(claim);
                    adopted++;
                } catch (DuplicateKeyException claimedAlready) {
                    // claimed by a live write, or by another instance running this too
                }
            }
        }
        mongo.save(new Document("_id", marker).append("at", Date.from(clock.instant())).append("adopted", adopted), Claim.COLLECTION);
        log.info("Claims backfilled for {} in {}: {} adopted", kind.kind(), kind.owners(), adopted);
        return adopted;
    }
}
