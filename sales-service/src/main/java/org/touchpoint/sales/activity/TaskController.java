package org.touchpoint.sales.activity;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.IdempotentRequests;
import org.touchpoint.kit.web.Page;

/** Tasks and reminders; {@code ?owner=...&due=today|overdue} is a salesperson's day. */
@RestController
@RequestMapping("/api/tasks")
class TaskController {

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final IdempotentRequests idempotent;
    private final Clock clock;
    private final ActivityErasure erasure;

    TaskController(MongoTemplate mongo, OutboxStore store, IdempotentRequests idempotent, Clock clock, ActivityErasure erasure) {
        this.erasure = erasure;
        this.mongo = mongo;
        this.store = store;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    @PostMapping
    @RequiresScope(Scopes.ACTIVITIES_WRITE)
    ResponseEntity<Task.TaskResponse> create(@Valid @RequestBody TaskRequest request,
                                             @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        if (request.customerId() == null && request.leadId() == null) {
            throw CrmApiException.badRequest("customerId", "give the customer (or the lead) the task is about");
        }
        erasure.refuseErased(request.customerId(), request.leadId());
        return idempotent.execute(key, request, Task.TaskResponse.class, () -> {
            Task t = store.insert(Task.create(Ids.newId("tsk", clock), request, clock.instant()));
            erasure.redactIfErased(t);
            return ResponseEntity.created(URI.create("/api/tasks/" + t.getId())).eTag(Etags.of(t.getVersion())).body(t.toResponse(clock.instant()));
        });
    }

    @GetMapping("/{id}")
    @RequiresScope(Scopes.ACTIVITIES_READ)
    ResponseEntity<Task.TaskResponse> get(@PathVariable String id) {
        Task t = find(id);
        return ResponseEntity.ok().eTag(Etags.of(t.getVersion())).body(t.toResponse(clock.instant()));
    }

    /** Changes a task: complete or cancel it, or postpone it (a new dueAt fires the reminder again then). */
    @PutMapping("/{id}")
    @RequiresScope(Scopes.ACTIVITIES_WRITE)
    ResponseEntity<Task.TaskResponse> replace(@PathVariable String id, @Valid @RequestBody TaskRequest request,
                                              @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Task t = find(id);
        Etags.requireMatch(ifMatch, t.getVersion());
        t.update(request, clock.instant());
        store.update(t);
        return ResponseEntity.ok().eTag(Etags.of(t.getVersion())).body(t.toResponse(clock.instant()));
    }

    /**
     * @param due   {@code today} (due today, open), {@code overdue} (due before now, open)
     * @param tz    the owner's time zone for "today" (default UTC)
     */
    @GetMapping
    @RequiresScope(Scopes.ACTIVITIES_READ)
    Page<Task.TaskResponse> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                                 @RequestParam(required = false) String owner, @RequestParam(required = false) String due,
                                 @RequestParam(required = false) String status, @RequestParam(required = false) String customerId,
                                 @RequestParam(defaultValue = "UTC") String tz) {
        Instant now = clock.instant();
        List<Criteria> filters = new ArrayList<>();
        if (owner != null) {
            filters.add(Criteria.where("ownerId").is(owner));
        }
        if (customerId != null) {
            filters.add(Criteria.where("customerId").is(customerId));
        }
        if (status != null) {
            if (!status.matches("open|done|cancelled")) {
                throw CrmApiException.badRequest("status", "must be open, done or cancelled");
            }
            filters.add(Criteria.where("status").is(status));
        }
        if (due != null) {
            ZoneId zone;
            try {
                zone = ZoneId.of(tz);
            } catch (DateTimeException e) {
                throw CrmApiException.badRequest("tz", "must be a time zone such as Europe/Madrid");
            }
            switch (due) {
                case "today" -> {
                    LocalDate today = LocalDate.now(clock.withZone(zone));
                    filters.add(Criteria.where("status").is(Task.OPEN).and("dueAt")
                            .gte(today.atStartOfDay(zone).toInstant()).lt(today.plusDays(1).atStartOfDay(zone).toInstant()));
                }
                case "overdue" -> filters.add(Criteria.where("status").is(Task.OPEN).and("dueAt").lt(now));
                default -> throw CrmApiException.badRequest("due", "must be today or overdue");
            }
        }
        return CursorQuery.find(mongo, Task.class, filters, limit, cursor, Task::getId, page -> page.stream().map(t -> t.toResponse(now)).toList());
    }

    private Task find(String id) {
        Task t = mongo.findById(id, Task.class);
        if (t == null) {
            throw CrmApiException.notFound("task", id);
        }
        return t;
    }
}
