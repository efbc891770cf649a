package org.touchpoint.customer.contact;

import java.time.Clock;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.outbox.OutboxStore;

/** What the account feature may do with contacts: count those referencing an account, follow its renaming. */
@Component
public class ContactsOfAccount {

    private static final int RENAME_ATTEMPTS = 5;
    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final Clock clock;

    ContactsOfAccount(MongoTemplate mongo, OutboxStore store, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.clock = clock;
    }

    public long countLive(String accountId) {
        return mongo.count(Query.query(Criteria.where("accountId").is(accountId).and("deleted").ne(true)), Contact.class);
    }

    /** Each contact of the account takes the new name (and publishes its new profile), one write per contact. */
    public void accountRenamed(String accountId, String newName) {
        for (Contact stale : mongo.find(Query.query(Criteria.where("accountId").is(accountId).and("deleted").ne(true)), Contact.class)) {
            Contact c = stale;
            for (int attempt = 1; ; attempt++) {
                try {
                    c.accountRenamed(newName, clock.instant());
                    store.update(c);
                    break;
                } catch (OptimisticLockingFailureException concurrentEdit) {
                    c = mongo.findById(stale.getId(), Contact.class);
                    if (c == null || c.deleted() || !accountId.equals(c.accountId()) || attempt == RENAME_ATTEMPTS) {
                        break;
                    }
                }
            }
        }
    }
}
