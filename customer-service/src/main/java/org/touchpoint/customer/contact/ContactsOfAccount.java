package org.touchpoint.customer.contact;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.customer.account.AccountDirectory;
import org.touchpoint.kit.outbox.OutboxStore;

/** What the account feature may do with contacts: count those referencing an account, carry its current name. */
@Component
public class ContactsOfAccount {

    private static final int BATCH = 100;
    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final AccountDirectory accounts;
    private final Clock clock;

    ContactsOfAccount(MongoTemplate mongo, OutboxStore store, AccountDirectory accounts, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    public long countLive(String accountId) {
        return mongo.count(Query.query(Criteria.where("accountId").is(accountId).and("deleted").ne(true)), Contact.class);
    }

    /**
     * Brings every live contact of the account to the account's CURRENT name (each with its new profile), in
     * batches. It converges: it re-reads the name as it goes, only touches contacts that differ, and runs after
     * every account update, so an interrupted or concurrent rename is completed by the next one.
     */
    public void syncAccountName(String accountId) {
        long rounds = countLive(accountId) / BATCH + 10; // bounded even if some contact kept changing under us
        for (long round = 0; round < rounds; round++) {
            Optional<String> current = accounts.liveAccountName(accountId);
            if (current.isEmpty()) {
                return;
            }
            Query stale = Query.query(Criteria.where("accountId").is(accountId).and("deleted").ne(true)
                    .and("accountName").ne(current.get())).with(Sort.by("_id")).limit(BATCH);
            List<Contact> batch = mongo.find(stale, Contact.class);
            if (batch.isEmpty()) {
                return;
            }
            for (Contact c : batch) {
                try {
                    c.accountRenamed(current.get(), clock.instant());
                    store.update(c);
                } catch (OptimisticLockingFailureException concurrentEdit) {
                    // Changed meanwhile: the next round reads it again (and skips it if it moved or got the name).
                }
            }
        }
    }
}
