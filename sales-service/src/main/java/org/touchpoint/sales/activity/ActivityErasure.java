package org.touchpoint.sales.activity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.sales.customer.CustomerErasure;
import org.touchpoint.sales.customer.SalesCustomerStore;

/**
 * The right to be forgotten for activities and tasks. On the customer's tombstone every activity and task logged
 * against the customer, or against one of the customer's leads, loses its free text ({@link Activity#forgetPerson},
 * {@link Task#forgetPerson}), in batches of single-document optimistic writes ({@link OutboxStore#update}); what is
 * already redacted is not matched again, so a redelivered tombstone writes nothing.
 *
 * <p>Records that arrive after the erasure are refused ({@link #refuseErased}, 422). A record written while the
 * tombstone is being handled is redacted by whichever of the two sees the other: the erasure marker is written
 * before the pass runs, and the writer checks the marker again after its insert ({@link #redactIfErased}).
 */
@Component
public class ActivityErasure implements CustomerErasure {

    static final int BATCH = 100;

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final SalesCustomerStore customers;
    private final Clock clock;

    ActivityErasure(MongoTemplate mongo, OutboxStore store, SalesCustomerStore customers, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.customers = customers;
        this.clock = clock;
    }

    @Override
    public void forget(String customerId) {
        List<Criteria> scopes = new ArrayList<>();
        scopes.add(Criteria.where("customerId").is(customerId));
        List<String> leadIds = leadsOf(customerId);
        for (int from = 0; from < leadIds.size(); from += BATCH) {
            scopes.add(Criteria.where("leadId").in(leadIds.subList(from, Math.min(leadIds.size(), from + BATCH))));
        }
        for (Criteria scope : scopes) {
            redactAll(Activity.class, scope, Activity::forgetPerson);
            redactAll(Task.class, scope, Task::forgetPerson);
        }
    }

    /** 422 when the customer, or the customer of the lead, was erased: nothing new is recorded about that person. */
    void refuseErased(String customerId, String leadId) {
        if (customerId != null && customers.erased(customerId)) {
            throw CrmApiException.unprocessable("customerId", "customer " + customerId + " was erased; nothing more is recorded about them");
        }
        String leadsCustomer = leadId == null ? null : customerOfLead(leadId);
        if (leadsCustomer != null && customers.erased(leadsCustomer)) {
            throw CrmApiException.unprocessable("leadId", "lead " + leadId + " belongs to a customer who was erased; nothing more is recorded about them");
        }
    }

    /**
     * After an insert: if the customer was erased meanwhile (the tombstone's pass may have missed the new record),
     * the record is redacted and the caller answers 422.
     */
    void redactIfErased(Activity a) {
        if (concernsErased(a.customerId(), a.leadId())) {
            redact(Activity.class, a, Activity::forgetPerson);
            refuseErased(a.customerId(), a.leadId());
        }
    }

    /** As {@link #redactIfErased(Activity)}, for a task. */
    void redactIfErased(Task t) {
        if (concernsErased(t.customerId(), t.leadId())) {
            redact(Task.class, t, Task::forgetPerson);
            refuseErased(t.customerId(), t.leadId());
        }
    }

    private boolean concernsErased(String customerId, String leadId) {
        if (customerId != null && customers.erased(customerId)) {
            return true;
        }
        String leadsCustomer = leadId == null ? null : customerOfLead(leadId);
        return leadsCustomer != null && customers.erased(leadsCustomer);
    }

    private String customerOfLead(String leadId) {
        Query q = Query.query(Criteria.where("_id").is(leadId));
        q.fields().include("customerId");
        Document lead = mongo.findOne(q, Document.class, "leads");
        return lead == null ? null : lead.getString("customerId");
    }

    /** The ids of the customer's leads (activities and tasks logged against a lead name only the lead). */
    private List<String> leadsOf(String customerId) {
        List<String> ids = new ArrayList<>();
        String after = "";
        while (true) {
            Query q = Query.query(Criteria.where("customerId").is(customerId).and("_id").gt(after)).with(Sort.by("_id")).limit(BATCH);
            q.fields().include("_id");
            List<Document> page = mongo.find(q, Document.class, "leads");
            page.forEach(d -> ids.add(d.getString("_id")));
            if (page.size() < BATCH) {
                return ids;
            }
            after = page.getLast().getString("_id");
        }
    }

    /** Redacts every document in scope not yet redacted, a batch at a time; redacted ones drop out of the query. */
    private <T extends OutboxDocument> void redactAll(Class<T> type, Criteria scope, BiPredicate<T, Instant> forget) {
        while (true) {
            List<T> batch = mongo.find(Query.query(new Criteria().andOperator(scope, Criteria.where("erasedAt").exists(false)))
                    .with(Sort.by("_id")).limit(BATCH), type);
            batch.forEach(doc -> redact(type, doc, forget));
            if (batch.size() < BATCH) {
                return;
            }
        }
    }

    private <T extends OutboxDocument> void redact(Class<T> type, T found, BiPredicate<T, Instant> forget) {
        store.change(type, found, doc -> forget.test(doc, clock.instant()));
    }
}
