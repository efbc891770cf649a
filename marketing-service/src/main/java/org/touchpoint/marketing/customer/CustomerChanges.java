package org.touchpoint.marketing.customer;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Announces {@link CustomerChanged} to the rest of the service, so that nothing a fold wrote goes unannounced:
 * <ul>
 *   <li>{@link #afterWrite}: once per batch, from the folds' {@code written}, for the copies the batch changed (one
 *   re-evaluation per customer however many of its events the batch held). It never throws: when it fails, the events
 *   are simply not marked as announced;</li>
 *   <li>{@link #announce}: record by record, from {@link CustomerChangedHandler} (a reaction: it runs after the folds
 *   for every record, redeliveries included), for every event not marked. So a failed batch announcement, a crash
 *   between the write and the announcement, or a redelivery (whose events the folds skip as duplicates, without
 *   calling {@code written}) are announced there; a failure there is retried by the folding listener, then the record
 *   goes to the dead-letter topic: never silently lost.</li>
 * </ul>
 * The marks live in memory only (a crash forgets them, and then the reaction announces again: re-evaluating is
 * idempotent) and are bounded (an evicted mark costs one more announcement).
 */
@Component
class CustomerChanges {

    private static final Logger log = LoggerFactory.getLogger(CustomerChanges.class);
    static final int REMEMBERED = 50_000;

    private final ApplicationEventPublisher events;
    private final Set<String> announced = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }));

    CustomerChanges(ApplicationEventPublisher events) {
        this.events = events;
    }

    /**
     * After a fold's write: announces {@code change} (unless it names nobody) and marks {@code eventIds}, the events the
     * batch folded into those copies, as announced. Never throws: a failure leaves them to the reaction.
     */
    void afterWrite(CustomerChanged change, Collection<String> eventIds) {
        try {
            if (!change.customerIds().isEmpty() || change.accountId() != null) {
                events.publishEvent(change);
            }
            announced.addAll(eventIds);
        } catch (RuntimeException failure) {
            log.warn("Announcing {} after the write failed; each record announces it again: {}", change, failure.toString());
        }
    }

    /**
     * For one record: announces {@code change} unless its event was announced after the write. Throws what a listener
     * threw, so the record is retried, then dead-lettered.
     *
     * @param eventId null for an event that is announced every time (a tombstone has no id)
     */
    void announce(String eventId, CustomerChanged change) {
        if (eventId != null && announced.remove(eventId)) {
            return;
        }
        events.publishEvent(change);
    }
}
