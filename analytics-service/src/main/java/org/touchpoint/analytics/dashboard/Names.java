package org.touchpoint.analytics.dashboard;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.analytics.fold.ViewCollections;

/** The display names of the few customers a dashboard lists: one read by {@code _id $in}. */
@Component
class Names {

    private final MongoTemplate mongo;

    Names(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Map<String, String> of(int generation, Collection<String> customerIds) {
        Map<String, String> out = new HashMap<>();
        if (customerIds.isEmpty()) {
            return out;
        }
        Query q = Query.query(Criteria.where("_id").in(customerIds));
        q.fields().include("profile.displayName");
        for (Document d : mongo.find(q, Document.class, ViewCollections.customers(generation))) {
            Document profile = d.get("profile", Document.class);
            out.put(String.valueOf(d.get("_id")), profile == null ? null : profile.getString("displayName"));
        }
        return out;
    }
}
