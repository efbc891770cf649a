package org.touchpoint.support.cases;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.touchpoint.kit.outbox.OutboxStore;

/**
 * One pass of the SLA scheduler: the cases whose next SLA check is due (indexed {@code nextSlaCheckAt}), in due
 * order, in bounded batches. Each due case fires its warning or breach through a domain method and is saved with
 * an optimistic write: when several replicas scan at once, only the first save of a version succeeds; the others
 * get {@link OptimisticLockingFailureException}, skip the case, and see on their next pass that it fired.
 */
class SlaScanner {

    private static final Logger log = LoggerFactory.getLogger(SlaScanner.class);
    private static final int MAX_BATCHES = 10;

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final Clock clock;
    private final String escalationQueue;
    private final int batchSize;

    private final io.micrometer.core.instrument.Counter firings;
    private final io.micrometer.core.instrument.Counter racesLost;

    SlaScanner(MongoTemplate mongo, OutboxStore store, Clock clock, String escalationQueue, int batchSize,
               io.micrometer.core.instrument.MeterRegistry meters) {
        this.firings = io.micrometer.core.instrument.Counter.builder("crm.support.sla.firings")
                .description("Cases whose SLA warning or breach this replica fired").register(meters);
        this.racesLost = io.micrometer.core.instrument.Counter.builder("crm.support.sla.races-lost")
                .description("Due cases another writer changed first (another replica, a user); checked again next pass").register(meters);
        this.mongo = mongo;
        this.store = store;
        this.clock = clock;
        this.escalationQueue = escalationQueue;
        this.batchSize = batchSize;
    }

    /** @return how many cases this pass changed (fired a warning or a breach) */
    int scanOnce() {
        int fired = 0;
        String after = null;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            Instant now = clock.instant();
            Criteria due = Criteria.where("nextSlaCheckAt").lte(now);
            List<SupportCase> cases = mongo.find(Query.query(due).with(Sort.by("nextSlaCheckAt", "_id")).limit(batchSize), SupportCase.class);
            for (SupportCase c : cases) {
                try {
                    if (c.checkSla(now, escalationQueue)) {
                        store.update(c);
                        fired++;
                        firings.increment();
                    }
                } catch (OptimisticLockingFailureException raced) {
                    racesLost.increment();
                    log.debug("Case {} changed while its SLA was checked (another replica or a user); next pass", c.getId());
                } catch (RuntimeException e) {
                    log.error("SLA check of case {} failed", c.getId(), e);
                }
            }
            if (cases.size() < batchSize) {
                break;
            }
            String last = cases.getLast().getId();
            if (last.equals(after)) {
                break; // the same cases are still due (they keep failing): wait for the next pass
            }
            after = last;
        }
        return fired;
    }
}
