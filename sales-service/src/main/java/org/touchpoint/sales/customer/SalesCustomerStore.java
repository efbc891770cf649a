package org.touchpoint.sales.customer;

import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.folding.FoldedView;

/**
 * Reads the {@link SalesCustomer}s that {@link SalesCustomerFold} writes; every read is by {@code _id}.
 */
@Component
public class SalesCustomerStore {

    private final MongoTemplate mongo;

    SalesCustomerStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The customer's copy, unless there is none or the customer was erased. */
    public Optional<SalesCustomer> find(String customerId) {
        return Optional.ofNullable(mongo.findById(customerId, SalesCustomer.class, SalesCustomerFold.COLLECTION))
                .filter(v -> !v.isForgotten());
    }

    /** True when the customer was erased here (its profile was tombstoned and the copy forgotten). */
    public boolean erased(String customerId) {
        Query byId = Query.query(Criteria.where("_id").is(customerId));
        byId.fields().include(FoldedView.FORGOTTEN);
        Document found = mongo.findOne(byId, Document.class, SalesCustomerFold.COLLECTION);
        return found != null && Boolean.TRUE.equals(found.get(FoldedView.FORGOTTEN));
    }

    /**
     * A live customer whose current profile email is this one (case-insensitive): two reads by {@code _id}, the
     * lookup entry and the customer. An entry left behind by an email change, or by an erased customer, answers empty.
     */
    public Optional<SalesCustomer> byEmail(String email) {
        String key = EmailKeys.of(email);
        if (key == null) {
            return Optional.empty();
        }
        Document entry = mongo.findById(key, Document.class, EmailKeys.COLLECTION);
        if (entry == null || !(entry.get(EmailKeys.CUSTOMER_ID) instanceof String customerId)) {
            return Optional.empty();
        }
        return find(customerId).filter(c -> c.profile() != null && Objects.equals(key, EmailKeys.of(c.profile().email())));
    }
}
