package org.touchpoint.sales.activity;

import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.IdempotentRequests;
import org.touchpoint.kit.web.Page;

/** Calls, meetings and emails logged against customers and leads; each is published as a touch. */
@RestController
@RequestMapping("/api/activities")
class ActivityController {

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final IdempotentRequests idempotent;
    private final Clock clock;
    private final ActivityErasure erasure;

    ActivityController(MongoTemplate mongo, OutboxStore store, IdempotentRequests idempotent, Clock clock, ActivityErasure erasure) {
        this.erasure = erasure;
        this.mongo = mongo;
        this.store = store;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    @PostMapping
    @org.touchpoint.kit.security.RequiresScope(Scopes.ACTIVITIES_WRITE)
    ResponseEntity<Activity.ActivityResponse> log(@Valid @RequestBody ActivityRequest request,
                                                  @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        if (request.customerId() == null && request.leadId() == null) {
            throw CrmApiException.badRequest("customerId", "give the customer (or the lead) the activity was with");
        }
        if (request.leadId() != null && !mongo.exists(Query.query(Criteria.where("_id").is(request.leadId())), "leads")) {
            throw CrmApiException.unprocessable("leadId", "lead " + request.leadId() + " does not exist");
        }
        if (request.occurredAt() != null && request.occurredAt().isAfter(clock.instant().plusSeconds(3600))) {
            throw CrmApiException.badRequest("occurredAt", "an activity is logged after it happened; schedule future work as a task");
        }
        erasure.refuseErased(request.customerId(), request.leadId());
        return idempotent.execute(key, request, Activity.ActivityResponse.class, () -> {
            Activity a = store.insert(Activity.log(Ids.newId("act", clock), request, CrmPrincipal.currentActor(), clock.instant()));
            erasure.redactIfErased(a);
            return ResponseEntity.created(URI.create("/api/activities/" + a.getId())).body(a.toResponse());
        });
    }

    @GetMapping("/{id}")
    @org.touchpoint.kit.security.RequiresScope(Scopes.ACTIVITIES_READ)
    Activity.ActivityResponse get(@PathVariable String id) {
        Activity a = mongo.findById(id, Activity.class);
        if (a == null) {
            throw CrmApiException.notFound("activity", id);
        }
        return a.toResponse();
    }

    @GetMapping
    @org.touchpoint.kit.security.RequiresScope(Scopes.ACTIVITIES_READ)
    Page<Activity.ActivityResponse> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                                         @RequestParam(required = false) String customerId, @RequestParam(required = false) String leadId,
                                         @RequestParam(required = false) String type) {
        List<Criteria> filters = new ArrayList<>();
        if (customerId != null) {
            filters.add(Criteria.where("customerId").is(customerId));
        }
        if (leadId != null) {
            filters.add(Criteria.where("leadId").is(leadId));
        }
        if (type != null) {
            if (!type.matches("call|meeting|email")) {
                throw CrmApiException.badRequest("type", "must be call, meeting or email");
            }
            filters.add(Criteria.where("type").is(type));
        }
        return CursorQuery.find(mongo, Activity.class, filters, limit, cursor, Activity::getId,
                page -> page.stream().map(Activity::toResponse).toList());
    }
}
