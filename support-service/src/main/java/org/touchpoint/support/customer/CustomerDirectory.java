package org.touchpoint.support.customer;

import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The service's local knowledge of customers, as {@link SupportCustomerFold} folded it from the profile topic and
 * from touches. Nothing here is fetched from another service: it is what arrived as events. Every read is one
 * {@code _id} read.
 */
@Component
public class CustomerDirectory {

    private final MongoTemplate mongo;

    CustomerDirectory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The account the customer belongs to, as its profile (or, before the profile, its touches) says. */
    public Optional<String> accountOf(String customerId) {
        return live(customerId).map(SupportCustomer::accountId);
    }

    /** What the events said about the customer; empty when nothing arrived, or when the customer was erased. */
    public Optional<CustomerCopy> find(String customerId) {
        return live(customerId).map(SupportCustomer::copy);
    }

    private Optional<SupportCustomer> live(String customerId) {
        SupportCustomer c = mongo.findById(customerId, SupportCustomer.class, SupportCustomerFold.COLLECTION);
        return c == null || c.isForgotten() ? Optional.empty() : Optional.of(c);
    }
}
