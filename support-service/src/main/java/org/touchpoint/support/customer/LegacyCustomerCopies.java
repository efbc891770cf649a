package org.touchpoint.support.customer;

import jakarta.annotation.PostConstruct;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.folding.FoldedView;

/**
 * Adopts the customer copies written before {@link SupportCustomerFold} (by the old touch and profile handlers
 * through {@code AppliedEvents}), once per database, before the folding consumer starts: they have no
 * {@code version}, so the engine's versioned write would never match them (every touch about an existing customer
 * would end as a conflict in the dead-letter topic). They get version 0, keep the ids of the events they applied
 * (so a touch redelivered across the upgrade stays a duplicate), and the deal list its new name; every other field
 * already has the view's name and shape.
 *
 * <p>Remove once every deployment has started this version (or when the kit adopts legacy documents itself).
 */
@Component
class LegacyCustomerCopies {

    private static final Logger log = LoggerFactory.getLogger(LegacyCustomerCopies.class);
    static final String MIGRATIONS = "migrations";
    static final String MARKER = "customers-as-folded-views";
    /** Where AppliedEvents kept the applied ids, and where the kit's FoldEngine keeps them. */
    private static final String OLD_APPLIED = "appliedEvents";
    private static final String ENGINE_APPLIED = "_applied";

    private final MongoTemplate mongo;
    private final Clock clock;

    LegacyCustomerCopies(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @PostConstruct
    void adopt() {
        if (mongo.exists(Query.query(Criteria.where("_id").is(MARKER)), MIGRATIONS)) {
            return;
        }
        long adopted = mongo.updateMulti(Query.query(Criteria.where(FoldedView.VERSION).exists(false)),
                new Update().set(FoldedView.VERSION, 0L).rename(OLD_APPLIED, ENGINE_APPLIED).rename("opportunityEvents", "dealHistory"),
                SupportCustomerFold.COLLECTION).getModifiedCount();
        mongo.upsert(Query.query(Criteria.where("_id").is(MARKER)), new Update().set("at", clock.instant()), MIGRATIONS);
        if (adopted > 0) {
            log.info("Adopted {} customer copies written before the customer fold", adopted);
        }
    }
}
