package org.touchpoint.customer.activity;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.consumer.AppliedEvents;

/** Reads and forgets the activity folded by {@link TouchActivityHandler} (collection {@value #COLLECTION}). */
@Component
public class ContactActivity {

    static final String COLLECTION = "contact_activity";
    private final MongoTemplate mongo;
    private final AppliedEvents applied;

    ContactActivity(MongoTemplate mongo, AppliedEvents applied) {
        this.mongo = mongo;
        this.applied = applied;
    }

    public ActivityView of(String contactId) {
        return view(mongo.findById(contactId, Document.class, COLLECTION));
    }

    public Map<String, ActivityView> of(Collection<String> contactIds) {
        Map<String, ActivityView> views = new HashMap<>();
        for (Document d : mongo.find(Query.query(Criteria.where("_id").in(contactIds)), Document.class, COLLECTION)) {
            views.put(d.getString("_id"), view(d));
        }
        return views;
    }

    /** The contact is gone: so is what we knew of its activity, and later touches will not bring it back. */
    public void forget(String contactId) {
        applied.forget(COLLECTION, contactId);
    }

    private static ActivityView view(Document d) {
        if (d == null) {
            return ActivityView.NONE;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        Document raw = d.get("touchCounts", Document.class);
        if (raw != null) {
            raw.forEach((channel, n) -> counts.put(channel, ((Number) n).longValue()));
        }
        Object last = d.get("lastTouchAt");
        return new ActivityView(last instanceof java.util.Date date ? date.toInstant() : null, counts,
                d.get("totalTouches") instanceof Number n ? n.longValue() : 0);
    }
}
