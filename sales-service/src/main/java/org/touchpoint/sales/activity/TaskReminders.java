package org.touchpoint.sales.activity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.touchpoint.kit.outbox.OutboxStore;

/**
 * Fires {@code task.due} at each task's due time, exactly once across replicas, with no lock service: every replica
 * scans the due tasks (indexed on {@code pendingDueAt}, bounded batches) and fires each with {@link Task#fire}, which
 * records the firing and emits the touch in one optimistic single-document write. A replica that loses the race on a
 * task gets {@link OptimisticLockingFailureException}, and skips it: the winner fired it.
 */
public class TaskReminders implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskReminders.class);
    private static final int MAX_BATCHES_PER_PASS = 20;

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final Clock clock;
    private final TaskProperties properties;
    private final Counter fired;
    private final Counter lostRaces;
    private ScheduledExecutorService scheduler;

    public TaskReminders(MongoTemplate mongo, OutboxStore store, Clock clock, TaskProperties properties, MeterRegistry meters) {
        this.mongo = mongo;
        this.store = store;
        this.clock = clock;
        this.properties = properties;
        this.fired = Counter.builder("crm.sales.reminders.fired").description("task.due touches fired").register(meters);
        this.lostRaces = Counter.builder("crm.sales.reminders.skipped").description("Due tasks another replica fired first").register(meters);
    }

    /** One pass: fires every task due now, in batches. @return how many this replica fired */
    public int fireDue() {
        int count = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
            Instant now = clock.instant();
            List<Task> due = mongo.find(Query.query(Criteria.where("pendingDueAt").lte(now))
                    .with(Sort.by("pendingDueAt")).limit(properties.batchSize()), Task.class);
            int firedNow = 0;
            for (Task task : due) {
                if (fire(task, now)) {
                    firedNow++;
                }
            }
            count += firedNow;
            if (due.size() < properties.batchSize() || firedNow == 0) {
                break;
            }
        }
        return count;
    }

    /** Fires one task as read: false when it is not due, or another replica fired (or changed) it meanwhile. */
    boolean fire(Task task, Instant now) {
        if (!task.fire(now)) {
            return false;
        }
        try {
            store.update(task);
            fired.increment();
            return true;
        } catch (OptimisticLockingFailureException raced) {
            lostRaces.increment();
            log.debug("Task {} changed or fired elsewhere; skipped", task.getId());
            return false;
        }
    }

    private void pass() {
        try {
            fireDue();
        } catch (RuntimeException e) {
            log.warn("Reminder pass failed; retrying at the next interval: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        long interval = properties.scanInterval().toMillis();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("task-reminders").daemon().unstarted(r));
        scheduler.scheduleWithFixedDelay(this::pass, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
