package org.touchpoint.customer.activity;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Reads the activity {@link ContactActivityFold} keeps: by {@code _id}, one contact or a page of them. */
@Component
public class ContactActivityStore {

    private final MongoTemplate mongo;

    ContactActivityStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public ActivityView of(String contactId) {
        ContactActivity activity = mongo.findById(contactId, ContactActivity.class, ContactActivityFold.COLLECTION);
        return activity == null ? ActivityView.NONE : activity.toView();
    }

    /** The activity of each contact that has some (the others are absent: {@link ActivityView#NONE}). */
    public Map<String, ActivityView> of(Collection<String> contactIds) {
        Map<String, ActivityView> views = new HashMap<>();
        Query byIds = Query.query(Criteria.where("_id").in(contactIds));
        for (ContactActivity activity : mongo.find(byIds, ContactActivity.class, ContactActivityFold.COLLECTION)) {
            views.put(activity.getId(), activity.toView());
        }
        return views;
    }
}
