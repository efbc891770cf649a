package org.touchpoint.marketing.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.touchpoint.marketing.message.Message;

/**
 * Starts scheduled campaigns when due, finishes materialisations a crash interrupted, and completes campaigns
 * whose messages have all been settled. Exactly once across replicas without a lock: each firing is a versioned
 * write of the campaign; a replica that loses the race gets an optimistic-lock failure and skips it.
 */
@Component
class CampaignScheduler implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(CampaignScheduler.class);
    /** A launch still unmaterialised after this long was interrupted. */
    static final Duration STALLED = Duration.ofMinutes(2);

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final Launcher launcher;
    private final MarketingProperties.Scheduler settings;
    private final Clock clock;

    CampaignScheduler(MongoTemplate mongo, OutboxStore store, Launcher launcher, MarketingProperties properties, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.launcher = launcher;
        this.settings = properties.scheduler();
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("The campaign scheduler failed; it runs again in {}", settings.interval(), e);
            }
        }, settings.interval());
    }

    /** One round. @return how many scheduled campaigns this instance started */
    int runOnce() {
        int started = startDue();
        resumeStalled();
        completeSettled();
        return started;
    }

    int startDue() {
        Instant now = clock.instant();
        List<Campaign> due = mongo.find(Query.query(Criteria.where("status").is(Campaign.SCHEDULED).and("scheduledAt").lte(now))
                .with(Sort.by("scheduledAt")).limit(settings.batchSize()), Campaign.class);
        int started = 0;
        for (Campaign c : due) {
            if (!c.startIfDue(now)) {
                continue;
            }
            try {
                store.update(c);
            } catch (OptimisticLockingFailureException lost) {
                continue; // another replica started it (or it was cancelled) a moment ago
            }
            started++;
            launcher.materialise(c);
        }
        return started;
    }

    private void resumeStalled() {
        Instant before = clock.instant().minus(STALLED);
        for (Campaign c : mongo.find(Query.query(Criteria.where("status").is(Campaign.RUNNING).and("materialised").is(false)
                .and("launchedAt").lt(before)).limit(settings.batchSize()), Campaign.class)) {
            log.warn("Campaign {} was launched but its recipients were not all queued; resuming", c.getId());
            try {
                launcher.materialise(c);
            } catch (OptimisticLockingFailureException e) {
                log.info("Campaign {} changed while resuming; next round", c.getId());
            }
        }
    }

    private void completeSettled() {
        for (Campaign c : mongo.find(Query.query(Criteria.where("status").is(Campaign.RUNNING).and("materialised").is(true))
                .limit(settings.batchSize()), Campaign.class)) {
            boolean pending = mongo.exists(Query.query(Criteria.where("campaignId").is(c.getId())
                    .and("status").in(Message.QUEUED, Message.SENDING)), Message.class);
            if (!pending && c.completeIfRunning(clock.instant())) {
                try {
                    store.update(c);
                } catch (OptimisticLockingFailureException e) {
                    // someone else completed or changed it
                }
            }
        }
    }
}
