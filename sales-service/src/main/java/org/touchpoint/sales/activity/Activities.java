package org.touchpoint.sales.activity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Reads of a customer's activities and tasks for other features (the briefing). */
@Component
public class Activities {

    private final MongoTemplate mongo;
    private final Clock clock;

    Activities(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** The latest activities with a customer, newest first. */
    public List<Activity.ActivityResponse> latestOf(String customerId, int max) {
        return mongo.find(Query.query(Criteria.where("customerId").is(customerId)).with(Sort.by(Sort.Direction.DESC, "occurredAt")).limit(max),
                Activity.class).stream().map(Activity::toResponse).toList();
    }

    /** The open tasks about a customer, soonest first. */
    public List<Task.TaskResponse> openTasksOf(String customerId, int max) {
        Instant now = clock.instant();
        return mongo.find(Query.query(Criteria.where("customerId").is(customerId).and("status").is(Task.OPEN))
                .with(Sort.by("dueAt")).limit(max), Task.class).stream().map(t -> t.toResponse(now)).toList();
    }
}
