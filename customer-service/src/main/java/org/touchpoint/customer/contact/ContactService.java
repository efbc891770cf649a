package org.touchpoint.customer.contact;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Service;
import org.touchpoint.customer.account.AccountDirectory;
import org.touchpoint.customer.activity.ActivityView;
import org.touchpoint.customer.activity.ContactActivityStore;
import org.touchpoint.customer.claim.ClaimedByAnother;
import org.touchpoint.customer.claim.Claims;
import org.touchpoint.customer.support.SearchTerms;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.IdempotentRequests;
import org.touchpoint.kit.web.Page;

@Service
class ContactService {

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final Claims<Contact> contacts;
    private final AccountDirectory accounts;
    private final ContactActivityStore activity;
    private final IdempotentRequests idempotent;
    private final Clock clock;

    ContactService(MongoTemplate mongo, OutboxStore store, Claims<Contact> contacts, AccountDirectory accounts,
                   ContactActivityStore activity, IdempotentRequests idempotent, Clock clock) {
        this.mongo = mongo;
        this.idempotent = idempotent;
        this.store = store;
        this.contacts = contacts;
        this.accounts = accounts;
        this.activity = activity;
        this.clock = clock;
    }

    Contact create(ContactRequest request) {
        String accountName = accountNameOf(request.accountId());
        Contact c = Contact.create(Ids.newId("con", clock), request, accountName, CrmPrincipal.currentActor(), clock.instant());
        try {
            return contacts.insert(c);
        } catch (ClaimedByAnother taken) {
            throw emailInUse(request, taken);
        }
    }

    Contact get(String id) {
        Contact c = mongo.findById(id, Contact.class);
        if (c == null || c.deleted()) {
            throw CrmApiException.notFound("contact", id);
        }
        return c;
    }

    Contact replace(String id, ContactRequest request, String ifMatch) {
        return Etags.write(ifMatch, () -> {
            Contact c = get(id);
            Etags.requireMatch(ifMatch, c.getVersion());
            String accountName = accountNameOf(request.accountId());
            String emailBefore = c.primaryEmailKey();
            c.update(request, accountName, CrmPrincipal.currentActor(), clock.instant());
            try {
                return contacts.update(c, emailBefore);
            } catch (ClaimedByAnother taken) {
                throw emailInUse(request, taken);
            }
        });
    }

    Contact changeConsent(String id, String channel, ContactRequest.ConsentRequest given, String ifMatch) {
        if (!channel.matches("email|sms|phone")) {
            throw CrmApiException.badRequest("channel", "consent channels are email, sms and phone");
        }
        return Etags.write(ifMatch, () -> {
            Contact c = get(id);
            Etags.requireMatch(ifMatch, c.getVersion());
            if (c.changeConsent(channel, given, CrmPrincipal.currentActor(), clock.instant())) {
                store.update(c);
            }
            return c;
        });
    }

    void delete(String id, String ifMatch) {
        Etags.write(ifMatch, () -> {
            Contact c = get(id);
            Etags.requireMatch(ifMatch, c.getVersion());
            String emailBefore = c.primaryEmailKey();
            c.delete(CrmPrincipal.currentActor(), clock.instant());
            return contacts.update(c, emailBefore); // its activity is forgotten when the fold sees contact.deleted
        });
        idempotent.redactResource("/api/contacts/" + id);
    }

    ContactResponse view(Contact c) {
        return c.toResponse(activity.of(c.getId()));
    }

    Page<ContactResponse> list(Integer limit, String cursor, String q, String accountId, String ownerId,
                               String lifecycleStage, String tag, String updatedSince) {
        List<Criteria> filters = new ArrayList<>();
        filters.add(Criteria.where("deleted").ne(true));
        SearchTerms.prefixFilter(q).ifPresent(filters::add);
        if (accountId != null) {
            filters.add(Criteria.where("accountId").is(accountId));
        }
        if (ownerId != null) {
            filters.add(Criteria.where("ownerId").is(ownerId));
        }
        if (lifecycleStage != null) {
            if (!lifecycleStage.matches(LifecycleStages.PATTERN)) {
                throw CrmApiException.badRequest("lifecycleStage", "must be one of " + LifecycleStages.LIST);
            }
            filters.add(Criteria.where("lifecycleStage").is(lifecycleStage));
        }
        if (tag != null) {
            filters.add(Criteria.where("tags").is(tag));
        }
        if (updatedSince != null) {
            try {
                filters.add(Criteria.where("updatedAt").gte(Instant.parse(updatedSince)));
            } catch (DateTimeParseException e) {
                throw CrmApiException.badRequest("updatedSince", "must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
            }
        }
        return CursorQuery.find(mongo, Contact.class, filters, limit, cursor, Contact::getId, page -> {
            Map<String, ActivityView> activities = activity.of(page.stream().map(Contact::getId).toList());
            return page.stream().map(c -> c.toResponse(activities.getOrDefault(c.getId(), ActivityView.NONE))).toList();
        });
    }

    private String accountNameOf(String accountId) {
        if (accountId == null) {
            return null;
        }
        return accounts.liveAccountName(accountId)
                .orElseThrow(() -> CrmApiException.unprocessable("accountId", "account " + accountId + " does not exist"));
    }

    private static CrmApiException emailInUse(ContactRequest request, ClaimedByAnother taken) {
        return CrmApiException.conflict("email " + request.emails().getFirst() + (taken.held() ? " already belongs to contact "
                : " is being given to contact ") + taken.holder());
    }
}
