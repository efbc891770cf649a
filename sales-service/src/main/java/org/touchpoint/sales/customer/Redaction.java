package org.touchpoint.sales.customer;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BiPredicate;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.kit.outbox.OutboxStore;

/**
 * Applies one erasure change to one stored document with its optimistic version, re-reading the document when
 * another write got there first. After the last attempt the conflict is thrown: the tombstone is then redelivered
 * and the (idempotent) erasure pass runs again.
 */
public final class Redaction {

    static final int ATTEMPTS = 8;

    private Redaction() {
    }

    /**
     * @param forget changes the document and says whether anything changed (false: nothing left to forget, no write)
     */
    public static <T extends OutboxDocument> void apply(MongoTemplate mongo, OutboxStore store, Clock clock, Class<T> type,
                                                        T found, BiPredicate<T, Instant> forget) {
        for (int attempt = 1; ; attempt++) {
            T doc = attempt == 1 ? found : mongo.findById(found.getId(), type);
            if (doc == null || !forget.test(doc, clock.instant())) {
                return;
            }
            try {
                store.update(doc);
                return;
            } catch (OptimisticLockingFailureException concurrent) {
                if (attempt == ATTEMPTS) {
                    throw concurrent;
                }
            }
        }
    }
}
