package org.touchpoint.kit.testapp;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.folding.Fold;
import org.touchpoint.kit.folding.FoldContext;
import org.touchpoint.kit.folding.FoldOutcome;
import org.touchpoint.kit.folding.FoldedView;

/**
 * Counts touches per customer through the folding block. Kind {@code test.explode} always fails to apply; kind
 * {@code test.contend} meets another writer that changes the view before every write of ours (a record stuck
 * behind a conflict that keeps losing).
 */
@Component
class TouchCounter implements Fold<TouchCounter.Counts> {

    static final String COLLECTION = "touch_counts";
    private final MongoTemplate mongo;

    TouchCounter(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The view: how many touches, and the kind of the last one. */
    public static class Counts extends FoldedView {
        int count;
        String lastKind;

        Counts() {
        }

        Counts(String id) {
            super(id);
        }
    }

    @Override
    public String name() {
        return "touch-counts";
    }

    @Override
    public Class<Counts> type() {
        return Counts.class;
    }

    @Override
    public String collection() {
        return COLLECTION;
    }

    @Override
    public Counts create(String id) {
        return new Counts(id);
    }

    @Override
    public String viewIdOf(CrmEvent<Touch> touch) {
        return touch.data().customerId();
    }

    @Override
    public FoldOutcome apply(Counts view, CrmEvent<Touch> touch, FoldContext context) {
        if ("test.explode".equals(touch.data().kind())) {
            throw new IllegalStateException("this fold cannot apply " + touch.id());
        }
        if ("test.contend".equals(touch.data().kind())) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(view.getId())), new Update().inc("version", 1), COLLECTION);
        }
        view.count++;
        view.lastKind = touch.data().kind();
        return FoldOutcome.CHANGED;
    }
}
