package org.touchpoint.sales.customer;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Reads and folds {@link CustomerView}s. A fold reads the document, changes it in Java and writes it back where its
 * version is still the one read (inserting it when new); a concurrent writer (the profile listener and the touch
 * listener run on different threads) makes it re-read and retry. Each fold records its event id in the same write,
 * so a redelivered event changes nothing.
 */
@Component
public class CustomerViews {

    private static final int ATTEMPTS = 8;
    private final MongoTemplate mongo;

    CustomerViews(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<CustomerView> find(String customerId) {
        return Optional.ofNullable(mongo.findById(customerId, CustomerView.class)).filter(v -> !v.erased());
    }

    /** True when the customer was erased here (its profile was tombstoned). */
    public boolean erased(String customerId) {
        return mongo.exists(Query.query(Criteria.where("_id").is(customerId).and("erased").is(true)), CustomerView.class);
    }

    /** A live customer whose profile email is this one (case-insensitive). */
    public Optional<CustomerView> byEmail(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("emailKey").is(email.trim().toLowerCase(Locale.ROOT))
                .and("erased").ne(true)), CustomerView.class));
    }

    /**
     * Applies {@code change} once per event id to the customer's document (created when missing). The change
     * answers false when it had nothing to do. Erased customers are left alone.
     */
    boolean fold(String customerId, String eventId, Predicate<CustomerView> change) {
        for (int attempt = 1; ; attempt++) {
            CustomerView view = mongo.findById(customerId, CustomerView.class);
            if (view == null) {
                view = new CustomerView(customerId);
            }
            if (view.erased() || (eventId != null && view.applied(eventId))) {
                return false;
            }
            if (!change.test(view)) {
                return false;
            }
            if (eventId != null) {
                view.markApplied(eventId);
            }
            try {
                mongo.save(view);
                return true;
            } catch (OptimisticLockingFailureException | DuplicateKeyException concurrent) {
                if (attempt == ATTEMPTS) {
                    throw concurrent;
                }
            }
        }
    }

    /** Erases the customer's copy; later (or redelivered) events about it are ignored. */
    void erase(String customerId) {
        for (int attempt = 1; ; attempt++) {
            CustomerView view = mongo.findById(customerId, CustomerView.class);
            if (view == null) {
                view = new CustomerView(customerId);
            }
            if (view.erased()) {
                return;
            }
            view.erase();
            try {
                mongo.save(view);
                return;
            } catch (OptimisticLockingFailureException | DuplicateKeyException concurrent) {
                if (attempt == ATTEMPTS) {
                    throw concurrent;
                }
            }
        }
    }
}
