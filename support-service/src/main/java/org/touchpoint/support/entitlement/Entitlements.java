package org.touchpoint.support.entitlement;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.support.SupportCatalog;
import org.touchpoint.support.customer.CustomerDirectory;

/** Support tiers per account: set through the API or from support plans sold ({@code opportunity.won}). */
@Service
public class Entitlements {

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final SupportCatalog catalog;
    private final CustomerDirectory customers;
    private final Clock clock;

    Entitlements(MongoTemplate mongo, OutboxStore store, SupportCatalog catalog, CustomerDirectory customers, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.catalog = catalog;
        this.customers = customers;
        this.clock = clock;
    }

    /** The tier a customer is served at today, and where it comes from ({@code accountId}: the entitled account, if any). */
    public record TierView(String tier, String accountId, String validFrom, String validUntil, boolean entitled, String source) {
    }

    /**
     * The customer's tier: the valid entitlement of the account named (the case's), else of the account its profile
     * names, else of the customer itself (a person without a company); else the default tier.
     */
    public TierView tierFor(String customerId, String accountHint) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<String> candidates = new ArrayList<>();
        if (accountHint != null) {
            candidates.add(accountHint);
        }
        String ownAccount = customers.accountOf(customerId).orElse(null); // one _id read of the customer's copy
        if (ownAccount != null && !candidates.contains(ownAccount)) {
            candidates.add(ownAccount);
        }
        candidates.add(customerId);
        for (String holder : candidates) {
            Entitlement e = mongo.findById(holder, Entitlement.class);
            if (e != null && e.isValidOn(today) && catalog.isTier(e.tier())) {
                var r = e.toResponse(today);
                // a person without a company holds their own entitlement: then no account is named
                return new TierView(e.tier(), holder.equals(customerId) ? null : holder, r.validFrom(), r.validUntil(), true, r.source());
            }
        }
        String account = accountHint != null ? accountHint : ownAccount;
        return new TierView(catalog.defaultTier(), account, null, null, false, "default");
    }

    org.touchpoint.kit.web.Page<EntitlementController.EntitlementResponse> list(String tier, Integer limit, String cursor, LocalDate today) {
        List<org.springframework.data.mongodb.core.query.Criteria> filters = new ArrayList<>();
        filters.add(org.springframework.data.mongodb.core.query.Criteria.where("tier").exists(true));
        if (tier != null) {
            filters.add(org.springframework.data.mongodb.core.query.Criteria.where("tier").is(catalog.requireTier("tier", tier)));
        }
        return org.touchpoint.kit.web.CursorQuery.find(mongo, Entitlement.class, filters, limit, cursor, Entitlement::getId,
                page -> page.stream().map(e -> e.toResponse(today)).toList());
    }

    Entitlement get(String accountId) {
        Entitlement e = mongo.findById(accountId, Entitlement.class);
        if (e == null || e.tier() == null) {
            throw CrmApiException.notFound("entitlement of account", accountId);
        }
        return e;
    }

    Entitlement put(String accountId, EntitlementController.EntitlementRequest r, String ifMatch) {
        if (!accountId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw CrmApiException.badRequest("accountId", "must be an account id");
        }
        catalog.requireTier("tier", r.tier());
        LocalDate from = date("validFrom", r.validFrom());
        LocalDate until = date("validUntil", r.validUntil());
        if (until.isBefore(from)) {
            throw CrmApiException.badRequest("validUntil", "must not be before validFrom");
        }
        Entitlement e = mongo.findById(accountId, Entitlement.class);
        if (e == null) {
            if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*")) {
                throw CrmApiException.preconditionFailed("the entitlement does not exist yet; send no If-Match");
            }
            e = Entitlement.empty(accountId, clock.instant());
            e.set(r.tier(), from, until, CrmPrincipal.currentActor(), clock.instant());
            return store.insert(e);
        }
        Etags.requireMatch(ifMatch, e.getVersion());
        e.set(r.tier(), from, until, CrmPrincipal.currentActor(), clock.instant());
        return store.update(e);
    }

    /**
     * A support plan line of a won deal; idempotent per opportunity and tier (the entitlement remembers the deals it
     * applied), safe against concurrent writers. Reads and writes the entitlement by {@code _id} only.
     */
    void applyPlan(String holderId, String tier, LocalDate from, LocalDate until, String opportunityId) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Predicate<Entitlement> plan = e -> e.applyPlan(tier, catalog.rank(tier), e.tier() == null ? -1 : catalog.rank(e.tier()),
                from, until, opportunityId, today, clock.instant());
        if (store.change(Entitlement.class, holderId, plan).isPresent()) {
            return;
        }
        Entitlement fresh = Entitlement.empty(holderId, clock.instant());
        plan.test(fresh);
        try {
            store.insert(fresh);
        } catch (DuplicateKeyException createdMeanwhile) {
            store.change(Entitlement.class, holderId, plan); // by the API or another replica: the plan applies to theirs
        }
    }

    private static LocalDate date(String field, String value) {
        if (value == null) {
            throw CrmApiException.badRequest(field, "is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw CrmApiException.badRequest(field, "must be a date such as 2026-12-31");
        }
    }
}
