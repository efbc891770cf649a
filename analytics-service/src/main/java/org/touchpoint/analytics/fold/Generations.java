package org.touchpoint.analytics.fold;

import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The single pointer document naming the generation every read follows ({@code active}) and, during a rebuild,
 * the shadow generation being rebuilt ({@code shadow}) that live processing also feeds. Switching generations is
 * one single-document write, so every reader sees either the old or the new generation, never a mix.
 */
@Component
public class Generations {

    public static final String COLLECTION = "analytics_generations";
    static final String POINTER = "pointer";

    private final MongoTemplate mongo;

    Generations(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The pointer, created at generation 1 on first use. */
    public Pointer current() {
        Pointer p = mongo.findById(POINTER, Pointer.class, COLLECTION);
        if (p != null) {
            return p;
        }
        try {
            return mongo.findAndModify(Query.query(Criteria.where("_id").is(POINTER)),
                    new Update().setOnInsert("active", 1).setOnInsert("next", 2),
                    FindAndModifyOptions.options().upsert(true).returnNew(true), Pointer.class, COLLECTION);
        } catch (org.springframework.dao.DuplicateKeyException createdMeanwhile) {
            return mongo.findById(POINTER, Pointer.class, COLLECTION);
        }
    }

    /**
     * Opens a shadow generation for this rebuild, unless another rebuild holds one (other than {@code supersede},
     * a rebuild found abandoned).
     *
     * @return the pointer with its new shadow, or null when another rebuild is running
     */
    public Pointer beginShadow(String rebuildId, String supersede) {
        int next = current().next();
        Criteria free = supersede == null ? Criteria.where("shadow").is(null)
                : new Criteria().orOperator(Criteria.where("shadow").is(null), Criteria.where("rebuildId").is(supersede));
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(POINTER).and("next").is(next).andOperator(free)),
                new Update().set("shadow", next).set("rebuildId", rebuildId).set("next", next + 1),
                FindAndModifyOptions.options().returnNew(true), Pointer.class, COLLECTION);
    }

    /** Makes the shadow of this rebuild the active generation, atomically. False if the rebuild no longer holds it. */
    public boolean swap(String rebuildId, int shadow, int previous) {
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(POINTER).and("rebuildId").is(rebuildId).and("shadow").is(shadow)),
                new Update().set("active", shadow).set("previous", previous).unset("shadow").unset("rebuildId"),
                Pointer.class, COLLECTION) != null;
    }

    /** Releases the shadow of a failed rebuild; the active generation is untouched. */
    public void abandon(String rebuildId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(POINTER).and("rebuildId").is(rebuildId)),
                new Update().unset("shadow").unset("rebuildId"), COLLECTION);
    }

    /**
     * @param active   the generation reads follow
     * @param shadow   the generation a running rebuild fills, or null
     * @param previous the generation active before the last swap (kept until the next rebuild), or null
     * @param next     the number the next shadow gets
     */
    public record Pointer(String id, int active, Integer shadow, String rebuildId, Integer previous, int next) {
    }
}
