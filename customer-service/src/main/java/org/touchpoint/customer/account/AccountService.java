package org.touchpoint.customer.account;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Service;
import org.touchpoint.customer.claim.ClaimedByAnother;
import org.touchpoint.customer.claim.Claims;
import org.touchpoint.customer.contact.ContactsOfAccount;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.customer.support.SearchTerms;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.IdempotentRequests;
import org.touchpoint.kit.web.Page;

@Service
class AccountService {

    private final MongoTemplate mongo;
    private final Claims<Account> accounts;
    private final ContactsOfAccount contacts;
    private final IdempotentRequests idempotent;
    private final Clock clock;

    AccountService(MongoTemplate mongo, Claims<Account> accounts, ContactsOfAccount contacts, IdempotentRequests idempotent,
                   Clock clock) {
        this.mongo = mongo;
        this.idempotent = idempotent;
        this.accounts = accounts;
        this.contacts = contacts;
        this.clock = clock;
    }

    Account create(AccountRequest request) {
        try {
            return accounts.insert(Account.create(Ids.newId("acc", clock), request, CrmPrincipal.currentActor(), clock.instant()));
        } catch (ClaimedByAnother taken) {
            throw domainInUse(request, taken);
        }
    }

    Account get(String id) {
        Account a = mongo.findById(id, Account.class);
        if (a == null || a.deleted()) {
            throw CrmApiException.notFound("account", id);
        }
        return a;
    }

    Account replace(String id, AccountRequest request, String ifMatch) {
        Account a = Etags.write(ifMatch, () -> {
            Account current = get(id);
            Etags.requireMatch(ifMatch, current.getVersion());
            String domainBefore = current.domainKey();
            current.update(request, CrmPrincipal.currentActor(), clock.instant());
            try {
                return accounts.update(current, domainBefore);
            } catch (ClaimedByAnother taken) {
                throw domainInUse(request, taken);
            }
        });
        contacts.syncAccountName(id);
        return a;
    }

    void delete(String id, String ifMatch) {
        Etags.write(ifMatch, () -> {
            Account a = get(id);
            Etags.requireMatch(ifMatch, a.getVersion());
            long referencing = contacts.countLive(id);
            if (referencing > 0) {
                throw CrmApiException.conflict("account " + id + " still has " + referencing
                        + " contact(s); move or delete them first");
            }
            String domainBefore = a.domainKey();
            a.delete(CrmPrincipal.currentActor(), clock.instant());
            return accounts.update(a, domainBefore);
        });
        idempotent.redactResource("/api/accounts/" + id);
    }

    private static CrmApiException domainInUse(AccountRequest request, ClaimedByAnother taken) {
        return CrmApiException.conflict("domain " + request.domain() + (taken.held() ? " already belongs to account "
                : " is being given to account ") + taken.holder());
    }

    Page<AccountResponse> list(Integer limit, String cursor, String q, String ownerId, String tag, String industry) {
        List<Criteria> filters = new ArrayList<>();
        filters.add(Criteria.where("deleted").ne(true));
        SearchTerms.prefixFilter(q).ifPresent(filters::add);
        if (ownerId != null) {
            filters.add(Criteria.where("ownerId").is(ownerId));
        }
        if (tag != null) {
            filters.add(Criteria.where("tags").is(tag));
        }
        if (industry != null) {
            filters.add(Criteria.where("industry").is(industry));
        }
        return CursorQuery.find(mongo, Account.class, filters, limit, cursor, Account::getId,
                page -> page.stream().map(Account::toResponse).toList());
    }
}
