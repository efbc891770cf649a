package org.touchpoint.sales.lead;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The open leads of a known customer without a query on {@code leads}: one document per customer in
 * {@value #COLLECTION}, {@code {_id: customerId, leadIds: [...]}}. A lead about a known customer is added before it is
 * inserted, so the list may name a lead not written (yet, or ever: harmless) but never misses one. Readers check each
 * lead (still open, still about this customer) and the list drops the closed ones as it is read; a lead stays about the
 * same customer while it is open. Engagement touches without a lead id read it for every known customer: by {@code _id}.
 */
@Component
class CustomerLeadsStore {

    static final String COLLECTION = "customer_leads";
    private static final String LEAD_IDS = "leadIds";

    private final MongoTemplate mongo;

    CustomerLeadsStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Records that the lead is about the customer (idempotent). */
    void add(String customerId, String leadId) {
        mongo.upsert(byId(customerId), new Update().addToSet(LEAD_IDS, leadId), COLLECTION);
    }

    /** The ids of the customer's open leads (at most {@code max}): one read of the list, one of the leads, by {@code _id}. */
    List<String> openOf(String customerId, int max) {
        Document entry = mongo.findById(customerId, Document.class, COLLECTION);
        List<String> ids = entry == null ? List.of() : entry.getList(LEAD_IDS, String.class, List.of());
        if (ids.isEmpty()) {
            return List.of();
        }
        Query q = Query.query(Criteria.where("_id").in(ids));
        q.fields().include("status").include("customerId");
        List<String> open = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (Document lead : mongo.find(q, Document.class, "leads")) {
            String id = lead.getString("_id");
            if (!customerId.equals(lead.getString("customerId")) || !Lead.OPEN_STATUSES.contains(lead.getString("status"))) {
                gone.add(id); // converted, disqualified or moved: closed for good
            } else if (open.size() < max) {
                open.add(id);
            }
        }
        if (!gone.isEmpty()) {
            mongo.updateFirst(byId(customerId), new Update().pullAll(LEAD_IDS, gone.toArray()), COLLECTION);
        }
        return open;
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }
}
