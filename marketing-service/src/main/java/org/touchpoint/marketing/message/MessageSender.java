package org.touchpoint.marketing.message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.marketing.MarketingProperties;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The send loop: every {@code crm.marketing.sender.interval} it takes the due queued messages (bounded batch),
 * claims each with a versioned write (a replica racing for the same message loses and skips it), hands it to
 * its channel at no more than {@code crm.marketing.email.rate-per-second}, and records the outcome with its
 * {@code message.sent} touch only after the channel accepted it. Failures are retried with backoff, then recorded
 * as failed. A claim whose process died is never resent (the customer might otherwise get the mail twice).
 */
@Component
public class MessageSender implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MessageSender.class);

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final Map<String, ChannelAdapter> adapters = new HashMap<>();
    private final MarketingProperties.Sender settings;
    private final Duration emailSpacing;
    private final Clock clock;
    private final MeterRegistry meters;
    private final SendTraces traces;
    private Instant lastEmailAt = Instant.EPOCH;

    MessageSender(MongoTemplate mongo, OutboxStore store, List<ChannelAdapter> adapters, MarketingProperties properties,
                  Clock clock, MeterRegistry meters, SendTraces traces) {
        this.traces = traces;
        this.mongo = mongo;
        this.store = store;
        adapters.forEach(a -> this.adapters.put(a.medium(), a));
        this.settings = properties.sender();
        double rate = properties.email().ratePerSecond();
        this.emailSpacing = rate <= 0 ? Duration.ZERO : Duration.ofNanos((long) (1_000_000_000L / rate));
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(() -> {
            try {
                sendDue();
            } catch (RuntimeException e) {
                log.warn("The send loop failed; it runs again in {}", settings.interval(), e);
            }
        }, settings.interval());
    }

    /** One round: recovers abandoned claims, then sends a batch of due messages. @return how many were sent */
    public synchronized int sendDue() {
        abandonExpiredClaims();
        Instant now = clock.instant();
        List<Message> due = mongo.find(Query.query(Criteria.where("status").is(Message.QUEUED).and("nextAttemptAt").lte(now))
                .with(Sort.by("nextAttemptAt")).limit(settings.batchSize()), Message.class);
        int sent = 0;
        for (Message m : due) {
            if (!m.claim(clock.instant(), settings.claimLease())) {
                continue;
            }
            try {
                store.update(m);
            } catch (OptimisticLockingFailureException taken) {
                continue; // another replica claimed it, or the campaign was cancelled meanwhile
            }
            if (traces.within(m.traceparent(), () -> send(m))) {
                sent++;
            }
        }
        return sent;
    }

    /** Hands a claimed message to its channel and records the outcome (with {@code message.sent} when it left). */
    private boolean send(Message m) {
        boolean sent = false;
        ChannelAdapter adapter = adapters.get(m.medium());
        try {
            if (adapter == null) {
                throw new IllegalStateException("no channel adapter for " + m.medium());
            }
            pace(m.medium());
            adapter.send(m);
            m.sent(clock.instant());
            sent = true;
            meters.counter("crm.marketing.messages", "medium", m.medium(), "outcome", "sent").increment();
        } catch (Exception e) {
            log.warn("Sending message {} of campaign {} failed (attempt {}): {}", m.getId(), m.campaignId(), m.attempts(), e.toString());
            m.attemptFailed(clock.instant(), e.toString(), settings.maxAttempts(), settings.retryBackoff());
            meters.counter("crm.marketing.messages", "medium", m.medium(), "outcome", "attempt-failed").increment();
        }
        try {
            store.update(m);
        } catch (OptimisticLockingFailureException e) {
            log.error("Message {} changed while it was being sent; its outcome ({}) was not recorded", m.getId(), m.status());
        }
        return sent;
    }

    private void abandonExpiredClaims() {
        Instant now = clock.instant();
        for (Message m : mongo.find(Query.query(Criteria.where("status").is(Message.SENDING).and("claimedUntil").lt(now))
                .limit(settings.batchSize()), Message.class)) {
            if (m.abandonExpiredClaim(now)) {
                try {
                    store.update(m);
                    log.warn("Message {} was being sent when its sender stopped; recorded as failed, not resent", m.getId());
                } catch (OptimisticLockingFailureException ignored) {
                    // someone else settled it
                }
            }
        }
    }

    private void pace(String medium) throws InterruptedException {
        if (!Message.EMAIL.equals(medium) || emailSpacing.isZero()) {
            return;
        }
        Instant next = lastEmailAt.plus(emailSpacing);
        Instant now = clock.instant();
        if (next.isAfter(now)) {
            // Rate control, not synchronisation: the sender waits out the configured spacing between emails. It runs
            // on its own virtual thread (the kit enables virtual threads, so each scheduled run gets one) and holds no
            // claim longer than the lease; nothing else waits on it.
            Thread.sleep(Duration.between(now, next));
        }
        lastEmailAt = clock.instant();
    }
}
