package org.touchpoint.sales.opportunity;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.Page;
import org.touchpoint.sales.customer.CustomerErasure;
import org.touchpoint.sales.customer.SalesCustomerStore;

@Service
public class OpportunityService implements CustomerErasure {

    private static final int ERASE_BATCH = 100;

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final PipelineService pipelines;
    private final Clock clock;
    private final MeterRegistry meters;
    private final SalesCustomerStore customers;
    private final LeadOrigin leads;

    OpportunityService(MongoTemplate mongo, OutboxStore store, PipelineService pipelines, Clock clock, MeterRegistry meters,
                       SalesCustomerStore customers, LeadOrigin leads) {
        this.leads = leads;
        this.meters = meters;
        this.customers = customers;
        this.mongo = mongo;
        this.store = store;
        this.pipelines = pipelines;
        this.clock = clock;
    }

    /** Validates a request without writing: the terms, the pipeline and the stage (400 when unknown). */
    public Pipeline check(OpportunityRequest r) {
        Pipeline pipeline = pipelines.forOpportunity(r.pipelineId());
        terms(r);
        if (r.stage() != null && !Pipeline.OPEN.equals(pipeline.requireStage(r.stage(), "stage").type())) {
            throw CrmApiException.badRequest("stage", "an opportunity starts in an open stage");
        }
        return pipeline;
    }

    /** Opens an opportunity with the given id (a conversion mints it first, so a retry can complete it). */
    public Opportunity open(String id, OpportunityRequest r) {
        refuseErased(r.customerId());
        Pipeline pipeline = pipelines.forOpportunity(r.pipelineId());
        String campaignId = leads.campaignOf(r.leadId()).orElse(null);
        Opportunity o = store.insert(Opportunity.create(id, r.customerId(), r.leadId(), campaignId, pipeline, r.stage(), terms(r),
                CrmPrincipal.currentActor(), clock.instant()));
        if (customers.erased(r.customerId())) {
            // The tombstone was handled between the check above and this insert, and its pass may not have seen the
            // deal: redact it here (the erasure marker is written before the pass, so one of the two always sees it).
            forget(o);
            throw erasedCustomer(r.customerId());
        }
        return o;
    }

    /** 422 when the customer was erased: nothing new is recorded about a person who asked to be forgotten. */
    public void refuseErased(String customerId) {
        if (customerId != null && customers.erased(customerId)) {
            throw erasedCustomer(customerId);
        }
    }

    private static CrmApiException erasedCustomer(String customerId) {
        return CrmApiException.unprocessable("customerId", "customer " + customerId + " was erased; nothing more is recorded about them");
    }

    /**
     * The customer was erased: its deals lose their name and close reason (see {@link Opportunity#forgetPerson}),
     * in batches of single-document optimistic writes. Redacted deals are skipped, so a second pass writes nothing.
     */
    @Override
    public void forget(String customerId) {
        while (true) {
            List<Opportunity> batch = mongo.find(Query.query(Criteria.where("customerId").is(customerId)
                    .and("erasedAt").exists(false)).with(Sort.by("_id")).limit(ERASE_BATCH), Opportunity.class);
            batch.forEach(this::forget);
            if (batch.size() < ERASE_BATCH) {
                return;
            }
        }
    }

    private void forget(Opportunity found) {
        store.change(Opportunity.class, found, o -> o.forgetPerson(clock.instant()));
    }

    public boolean exists(String id) {
        return mongo.exists(Query.query(Criteria.where("_id").is(id)), Opportunity.class);
    }

    Opportunity create(OpportunityRequest r) {
        return open(Ids.newId("opp", clock), r);
    }

    Opportunity get(String id) {
        Opportunity o = id == null ? null : mongo.findById(id, Opportunity.class);
        if (o == null) {
            throw CrmApiException.notFound("opportunity", id);
        }
        return o;
    }

    Opportunity replace(String id, OpportunityRequest r, String ifMatch) {
        Opportunity o = get(id);
        Etags.requireMatch(ifMatch, o.getVersion());
        if (!o.customerId().equals(r.customerId())) {
            throw CrmApiException.badRequest("customerId", "an opportunity stays with its customer; open another one");
        }
        Pipeline pipeline = pipelines.get(o.pipelineId());
        o.update(terms(r), pipeline, CrmPrincipal.currentActor(), clock.instant());
        return store.update(o);
    }

    Opportunity move(String id, StageChangeRequest r, String ifMatch) {
        Opportunity o = get(id);
        Etags.requireMatch(ifMatch, o.getVersion());
        Pipeline pipeline = pipelines.get(o.pipelineId());
        if (o.moveTo(pipeline, r.stage(), r.probability(), r.closeReason(), r.channel(), CrmPrincipal.currentActor(), clock.instant())) {
            store.update(o);
            if (!Opportunity.OPEN.equals(o.status())) {
                meters.counter("crm.sales.opportunities.closed", "outcome", o.status()).increment();
            }
        }
        return o;
    }

    Page<OpportunityResponse> list(Integer limit, String cursor, String customerId, String ownerId, String status,
                                   String pipelineId, String stage) {
        List<Criteria> filters = new ArrayList<>();
        if (customerId != null) {
            filters.add(Criteria.where("customerId").is(customerId));
        }
        if (ownerId != null) {
            filters.add(Criteria.where("ownerId").is(ownerId));
        }
        if (status != null) {
            if (!status.matches("open|won|lost")) {
                throw CrmApiException.badRequest("status", "must be open, won or lost");
            }
            filters.add(Criteria.where("status").is(status));
        }
        if (pipelineId != null) {
            filters.add(Criteria.where("pipelineId").is(pipelineId));
        }
        if (stage != null) {
            filters.add(Criteria.where("stage").is(stage));
        }
        return CursorQuery.find(mongo, Opportunity.class, filters, limit, cursor, Opportunity::getId,
                page -> page.stream().map(Opportunity::toResponse).toList());
    }

    /**
     * Moves the deals opened from a lead under a minted customer id to the contact customer-service linked it to. A
     * query on customerId and leadId (a scan on the embedded store), run once per linked conversion, not per touch.
     */
    public void reassignCustomer(String leadId, String mintedId, String contactId) {
        Query q = Query.query(Criteria.where("customerId").is(mintedId).and("leadId").is(leadId)).limit(50);
        for (Opportunity found : mongo.find(q, Opportunity.class)) {
            store.change(Opportunity.class, found, o -> o.reassignCustomer(mintedId, contactId, clock.instant()));
        }
    }

    /** The open opportunities of a customer, for the briefing (at most {@code max}). */
    public List<Opportunity> openOf(String customerId, int max) {
        return mongo.find(Query.query(Criteria.where("customerId").is(customerId).and("status").is(Opportunity.OPEN))
                .with(Sort.by(Sort.Direction.DESC, "_id")).limit(max), Opportunity.class);
    }

    private static Opportunity.Terms terms(OpportunityRequest r) {
        return new Opportunity.Terms(r.accountId(), r.name(), r.amount() == null ? null : r.amount().value(),
                currencyOf(r), r.probability(), r.expectedCloseDate(), r.ownerId(),
                r.lineItems() == null ? List.of() : r.lineItems().stream().map(OpportunityRequest.LineItemRequest::toLineItem).toList());
    }

    private static String currencyOf(OpportunityRequest r) {
        if (r.amount() != null && r.currency() != null && !r.amount().currency().equals(r.currency())) {
            throw CrmApiException.badRequest("currency", "differs from amount.currency");
        }
        return r.amount() != null ? r.amount().currency() : r.currency();
    }
}
