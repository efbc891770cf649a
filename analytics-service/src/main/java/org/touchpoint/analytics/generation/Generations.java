package org.touchpoint.analytics.generation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The single pointer document naming the generation every read follows ({@code active}) and, during a rebuild, the
 * generation being rebuilt ({@code shadow}). Each generation is folded by its own consumer group, so a rebuild is a
 * new group reading both topics from the beginning into the shadow; once it has caught up, swapping is one
 * single-document write, and readers see either the old or the new generation, never a mix. Reads use a copy of the
 * pointer at most {@value #REFRESH_MILLIS} ms old (one read per second, not one per request).
 */
@Component
public class Generations {

    public static final String COLLECTION = "analytics_pointer";
    static final String POINTER = "pointer";
    private static final long REFRESH_MILLIS = 1000;

    private final MongoTemplate mongo;
    private final Clock clock;
    private volatile Pointer cached;
    private volatile Instant cachedAt = Instant.EPOCH;

    Generations(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** The pointer as of at most a second ago (created at generation 1 on first use). */
    public Pointer current() {
        Pointer p = cached;
        if (p != null && Duration.between(cachedAt, clock.instant()).toMillis() < REFRESH_MILLIS) {
            return p;
        }
        return refresh();
    }

    /** The pointer as stored now. */
    public Pointer refresh() {
        Pointer p = mongo.findById(POINTER, Pointer.class, COLLECTION);
        if (p == null) {
            // Start beyond any generation left by an earlier version: those are retired (and dropped), and the first
            // generation is folded from the beginning of the log by its new consumer group.
            int first = 1 + mongo.getCollectionNames().stream().mapToInt(org.touchpoint.analytics.fold.ViewCollections::generationOf)
                    .max().orElse(0);
            try {
                p = mongo.findAndModify(Query.query(Criteria.where("_id").is(POINTER)),
                        new Update().setOnInsert("active", first).setOnInsert("next", first + 1),
                        FindAndModifyOptions.options().upsert(true).returnNew(true), Pointer.class, COLLECTION);
            } catch (DuplicateKeyException createdMeanwhile) {
                p = mongo.findById(POINTER, Pointer.class, COLLECTION);
            }
        }
        cached = p;
        cachedAt = clock.instant();
        return p;
    }

    /**
     * Opens a shadow generation for this rebuild, unless another rebuild holds one (other than {@code supersede}, a
     * rebuild found stalled).
     *
     * @return the pointer with its new shadow, or null when another rebuild holds the shadow
     */
    public Pointer beginShadow(String rebuildId, String supersede) {
        int next = refresh().next();
        Criteria free = supersede == null ? Criteria.where("shadow").is(null)
                : new Criteria().orOperator(Criteria.where("shadow").is(null), Criteria.where("rebuildId").is(supersede));
        Pointer p = mongo.findAndModify(Query.query(Criteria.where("_id").is(POINTER).and("next").is(next).andOperator(free)),
                new Update().set("shadow", next).set("rebuildId", rebuildId).set("next", next + 1),
                FindAndModifyOptions.options().returnNew(true), Pointer.class, COLLECTION);
        refresh();
        return p;
    }

    /** Makes the shadow of this rebuild the active generation, atomically. False if the rebuild no longer holds it. */
    public boolean swap(String rebuildId, int shadow, int previous) {
        boolean swapped = mongo.findAndModify(Query.query(Criteria.where("_id").is(POINTER).and("rebuildId").is(rebuildId).and("shadow").is(shadow)),
                new Update().set("active", shadow).set("previous", previous).unset("shadow").unset("rebuildId"),
                Pointer.class, COLLECTION) != null;
        refresh();
        return swapped;
    }

    /** Releases the shadow of a failed rebuild; the active generation is untouched. */
    public void abandon(String rebuildId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(POINTER).and("rebuildId").is(rebuildId)),
                new Update().unset("shadow").unset("rebuildId"), COLLECTION);
        refresh();
    }

    /** The consumer group that folds a generation. */
    public static String groupOf(String service, int generation) {
        return service + "-g" + generation;
    }

    /**
     * @param active   the generation reads follow
     * @param shadow   the generation a running rebuild fills, or null
     * @param previous the generation active before the last swap (its collections are dropped), or null
     * @param next     the number the next shadow gets
     */
    public record Pointer(String id, int active, Integer shadow, String rebuildId, Integer previous, int next) {
    }
}
