package org.touchpoint.sales.lead;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.touchpoint.events.Channels;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.Page;
import org.touchpoint.sales.assignment.Assignments;
import org.touchpoint.sales.customer.SalesCustomer;
import org.touchpoint.sales.customer.SalesCustomerStore;
import org.touchpoint.sales.opportunity.Opportunity;
import org.touchpoint.sales.opportunity.OpportunityRequest;
import org.touchpoint.sales.opportunity.OpportunityService;
import org.touchpoint.sales.scoring.ScoringRules;
import org.touchpoint.sales.scoring.ScoringRulesService;

@Service
class LeadService {

    private static final int ERASE_BATCH = 100;
    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final ScoringRulesService scoring;
    private final CustomerLeadsStore customerLeads;
    private final Assignments assignments;
    private final SalesCustomerStore customers;
    private final OpportunityService opportunities;
    private final Clock clock;
    private final MeterRegistry meters;

    LeadService(MongoTemplate mongo, OutboxStore store, ScoringRulesService scoring, CustomerLeadsStore customerLeads,
                Assignments assignments, SalesCustomerStore customers, OpportunityService opportunities, Clock clock,
                MeterRegistry meters) {
        this.customerLeads = customerLeads;
        this.meters = meters;
        this.mongo = mongo;
        this.store = store;
        this.scoring = scoring;
        this.assignments = assignments;
        this.customers = customers;
        this.opportunities = opportunities;
        this.clock = clock;
    }

    Lead create(LeadRequest r) {
        if (r.email() == null && r.phone() == null && (r.company() == null || r.company().isBlank())) {
            throw CrmApiException.badRequest("email", "a lead needs an email, a phone or a company");
        }
        String source = r.source() == null ? "web" : r.source();
        String channel = switch (source) {
            case "partner" -> Channels.PARTNER;
            case "email" -> Channels.EMAIL;
            case "phone" -> Channels.PHONE;
            default -> Channels.WEB;
        };
        Instant now = clock.instant();
        String actor = CrmPrincipal.currentActor();
        Lead lead = Lead.create(Ids.newId("led", clock), r.details(), source, r.customerId(), null, channel, scoring.current(), actor, now);
        assignOwner(lead, r.ownerId(), actor, now);
        if (lead.customerId() != null) {
            customerLeads.add(lead.customerId(), lead.getId());
        }
        return store.insert(lead);
    }

    /**
     * The lead a {@code campaign.responded} touch of a known customer makes: one per customer and campaign. A
     * redelivered (or repeated) response finds the lead already there.
     */
    Lead fromCampaignResponse(String customerId, String campaignId, String actor, String note) {
        Optional<Lead> existing = bySourceKey(customerId, campaignId);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (customers.erased(customerId)) {
            return null; // the customer asked to be forgotten; a late response does not bring them back as a lead
        }
        SalesCustomer.Profile p = customers.find(customerId).map(SalesCustomer::profile).orElse(null);
        Lead.Details details = p == null
                ? new Lead.Details(null, null, null, null, null, null, null, null, null, null, note)
                : new Lead.Details(p.firstName(), p.lastName(), p.email(), p.phone(), p.accountName(), p.title(), null, null,
                        null, null, note);
        Instant now = clock.instant();
        Lead lead = Lead.create(Ids.newId("led", clock), details, "campaign", customerId, campaignId, Channels.WEB,
                scoring.current(), actor, now);
        if (p != null && p.ownerId() != null) {
            lead.assign(p.ownerId(), "customer-owner", "system", now);
        } else {
            assignOwner(lead, null, "system", now);
        }
        customerLeads.add(customerId, lead.getId());
        try {
            return store.insert(lead);
        } catch (DuplicateKeyException raced) {
            return bySourceKey(customerId, campaignId).orElseThrow(() -> raced);
        }
    }

    private Optional<Lead> bySourceKey(String customerId, String campaignId) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("sourceKey").is("campaign:" + customerId + ":" + campaignId)), Lead.class));
    }

    private void assignOwner(Lead lead, String ownerId, String actor, Instant now) {
        if (ownerId != null) {
            lead.assign(ownerId, "manual", actor, now);
            return;
        }
        assignments.assign(lead::field).ifPresent(a -> lead.assign(a.ownerId(), a.rule(), actor, now));
    }

    Lead get(String id) {
        Lead lead = id == null ? null : mongo.findById(id, Lead.class);
        if (lead == null) {
            throw CrmApiException.notFound("lead", id);
        }
        return lead;
    }

    Lead replace(String id, LeadRequest r, String ifMatch) {
        Lead lead = get(id);
        Etags.requireMatch(ifMatch, lead.getVersion());
        lead.update(r.details(), r.status(), scoring.current(), CrmPrincipal.currentActor(), clock.instant());
        if (r.ownerId() != null) {
            lead.assign(r.ownerId(), "manual", CrmPrincipal.currentActor(), clock.instant());
        }
        return store.update(lead);
    }

    Lead disqualify(String id, String reason, String ifMatch) {
        Lead lead = get(id);
        Etags.requireMatch(ifMatch, lead.getVersion());
        lead.disqualify(reason.trim(), CrmPrincipal.currentActor(), clock.instant());
        return store.update(lead);
    }

    /** Assigns to the given owner, or runs the assignment rules when none is given. */
    Lead assign(String id, String ownerId, String ifMatch) {
        Lead lead = get(id);
        Etags.requireMatch(ifMatch, lead.getVersion());
        Instant now = clock.instant();
        String actor = CrmPrincipal.currentActor();
        boolean changed;
        if (ownerId != null) {
            changed = lead.assign(ownerId, "manual", actor, now);
        } else {
            Assignments.Assignment a = assignments.assign(lead::field)
                    .orElseThrow(() -> CrmApiException.unprocessable("ownerId", "no assignment rule matches and no round-robin is configured; give ownerId"));
            changed = lead.assign(a.ownerId(), a.rule(), actor, now);
        }
        return changed ? store.update(lead) : lead;
    }

    /** The result of a conversion: the lead, the customer id, whether it matched an existing customer, and the deal opened. */
    record Converted(Lead lead, String customerId, boolean linked, Opportunity opportunity) {
    }

    /**
     * Converts the lead: the customer id is the lead's known customer, else an existing customer with the same email
     * (linked), else a new {@code con_} id; {@code lead.converted} tells customer-service to create (or link) the
     * contact with that id. The lead's write is the commit point (a second conversion is 409); the opportunity is
     * opened after it, and a retry of a conversion whose opportunity was not opened opens it.
     */
    Converted convert(String id, ConvertRequest r, String ifMatch) {
        Lead lead = get(id);
        Etags.requireMatch(ifMatch, lead.getVersion());
        if (Lead.CONVERTED.equals(lead.status()) && lead.conversion().opportunityId() != null
                && !opportunities.exists(lead.conversion().opportunityId()) && lead.conversionOpportunity() != null) {
            Opportunity o = opportunities.open(lead.conversion().opportunityId(), lead.conversionOpportunity());
            return new Converted(lead, lead.customerId(), lead.conversion().linked(), o);
        }
        String customerId = lead.customerId();
        boolean linked = customerId != null;
        String accountId = r == null ? null : r.accountId();
        if (customerId == null) {
            Optional<SalesCustomer> sameEmail = customers.byEmail(lead.email());
            linked = sameEmail.isPresent();
            customerId = sameEmail.map(SalesCustomer::getId).orElseGet(() -> Ids.newId("con", clock));
            if (accountId == null && sameEmail.isPresent() && sameEmail.get().profile() != null) {
                accountId = sameEmail.get().profile().accountId();
            }
        } else if (accountId == null) {
            accountId = customers.find(customerId).map(SalesCustomer::profile).map(SalesCustomer.Profile::accountId).orElse(null);
        }
        // A lead of an erased customer is not converted: lead.converted would bring the contact back in customer-service.
        opportunities.refuseErased(customerId);
        OpportunityRequest deal = null;
        String opportunityId = null;
        if (r != null && r.opportunity() != null) {
            deal = r.opportunity().toRequest(customerId, accountId, lead.getId(), lead.ownerId());
            opportunities.check(deal);
            opportunityId = Ids.newId("opp", clock);
        }
        lead.convert(customerId, linked, accountId, deal, opportunityId, CrmPrincipal.currentActor(), clock.instant());
        store.update(lead);
        meters.counter("crm.sales.leads.converted", "linked", Boolean.toString(linked)).increment();
        Opportunity o = deal == null ? null : opportunities.open(opportunityId, deal);
        return new Converted(lead, customerId, linked, o);
    }

    /** Counts an engagement touch on one lead; concurrent writers make it re-read and retry. */
    void engage(String leadId, String eventId, String kind, String channel, Instant occurredAt) {
        store.change(Lead.class, leadId, lead -> lead.engage(eventId, kind, channel, occurredAt, scoring.current(), clock.instant()));
    }

    /** customer-service linked a converted lead to an existing contact: the lead and its deal follow that contact. */
    void relinkConversion(String leadId, String mintedId, String contactId) {
        store.change(Lead.class, leadId, lead -> lead.relinkConversion(mintedId, contactId, clock.instant()));
        opportunities.reassignCustomer(leadId, mintedId, contactId);
    }

    /** The open leads of a known customer (bounded), read by {@code _id} ({@link CustomerLeadsStore}). */
    List<String> openLeadsOf(String customerId) {
        return customerLeads.openOf(customerId, 20);
    }

    /** The customer was erased: the leads about that person lose the personal data. */
    void forgetCustomer(String customerId) {
        String after = "";
        while (true) {
            Query q = Query.query(Criteria.where("customerId").is(customerId).and("_id").gt(after))
                    .with(Sort.by("_id")).limit(ERASE_BATCH);
            List<Lead> batch = mongo.find(q, Lead.class);
            for (Lead lead : batch) {
                // A conflict left after the attempts fails the tombstone: it is redelivered and the pass runs again.
                store.change(Lead.class, lead, current -> current.forgetPerson(clock.instant()));
            }
            if (batch.size() < ERASE_BATCH) {
                return;
            }
            after = batch.getLast().getId();
        }
    }

    Page<LeadResponse> list(Integer limit, String cursor, String status, String ownerId, String source, String customerId,
                            Integer minScore) {
        List<Criteria> filters = new ArrayList<>();
        if (status != null) {
            if (!status.matches("new|working|qualified|disqualified|converted")) {
                throw CrmApiException.badRequest("status", "must be new, working, qualified, disqualified or converted");
            }
            filters.add(Criteria.where("status").is(status));
        }
        if (ownerId != null) {
            filters.add(Criteria.where("ownerId").is(ownerId));
        }
        if (source != null) {
            filters.add(Criteria.where("source").is(source));
        }
        if (customerId != null) {
            filters.add(Criteria.where("customerId").is(customerId));
        }
        if (minScore != null) {
            filters.add(Criteria.where("score").gte(minScore));
        }
        return CursorQuery.find(mongo, Lead.class, filters, limit, cursor, Lead::getId, page -> page.stream().map(Lead::toResponse).toList());
    }

    ScoringRules rules() {
        return scoring.current();
    }
}
