package org.touchpoint.customer.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.customer.support.SearchTerms;
import org.touchpoint.events.Channels;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.outbox.OutboxDocument;

/** A company the business sells to. Its touches are keyed by the account id. */
@Document("accounts")
@CompoundIndex(name = "search", def = "{'searchTerms': 1, '_id': 1}")
@CompoundIndex(name = "owner", def = "{'ownerId': 1, '_id': 1}")
@CompoundIndex(name = "tag", def = "{'tags': 1, '_id': 1}")
public class Account extends OutboxDocument {

    private String name;
    private String domain;
    /**
     * Lower-cased domain; unique among live accounts (absent on deleted ones). Claimed by {@link Domains} before it is
     * written; the unique index stays as a backstop for accounts written before the claims existed.
     */
    @Indexed(unique = true, sparse = true)
    private String domainKey;
    private String industry;
    private Integer size;
    private String tier;
    private String ownerId;
    private Address address;
    private List<String> tags = new ArrayList<>();
    private Map<String, Object> customAttributes;
    private Map<String, String> externalIds;
    private List<String> searchTerms = new ArrayList<>();
    private Instant createdAt;
    private Instant updatedAt;
    private boolean deleted;
    private Instant deletedAt;

    Account() {
    }

    static Account create(String id, AccountRequest r, String actor, Instant now) {
        Account a = new Account();
        a.id = id;
        a.createdAt = now;
        a.apply(r, now);
        a.emit(Touch.builder(id, TouchKinds.ACCOUNT_CREATED).accountId(id).channel(Channels.SYSTEM).occurredAt(now)
                .actor(actor).summary("Account created: " + a.name).ref("accountId", id).attribute("name", a.name)
                .attribute("industry", a.industry).attribute("size", a.size).attribute("tier", a.tier).build());
        return a;
    }

    /** Replaces the account's data (its contacts then follow its name). */
    void update(AccountRequest r, String actor, Instant now) {
        apply(r, now);
        emit(Touch.builder(id, TouchKinds.ACCOUNT_UPDATED).accountId(id).channel(Channels.SYSTEM).occurredAt(now)
                .actor(actor).summary("Account updated: " + name).ref("accountId", id).attribute("name", name)
                .attribute("industry", industry).attribute("size", size).attribute("tier", tier).build());
    }

    void delete(String actor, Instant now) {
        emit(Touch.builder(id, TouchKinds.ACCOUNT_DELETED).accountId(id).channel(Channels.SYSTEM).occurredAt(now)
                .actor(actor).summary("Account deleted").ref("accountId", id).build());
        name = null;
        domain = null;
        domainKey = null;
        industry = null;
        size = null;
        tier = null;
        ownerId = null;
        address = null;
        tags = List.of();
        customAttributes = null;
        externalIds = null;
        searchTerms = List.of();
        deleted = true;
        deletedAt = now;
        updatedAt = now;
    }

    private void apply(AccountRequest r, Instant now) {
        name = r.name().trim();
        domain = r.domain();
        domainKey = r.domain() == null ? null : r.domain().toLowerCase(Locale.ROOT);
        industry = r.industry();
        size = r.size();
        tier = r.tier();
        ownerId = r.ownerId();
        address = r.address();
        tags = r.tags() == null ? List.of() : List.copyOf(r.tags());
        customAttributes = r.customAttributes();
        externalIds = r.externalIds();
        searchTerms = SearchTerms.of(domain == null ? List.of(name) : List.of(name, domain));
        updatedAt = now;
    }

    String name() {
        return name;
    }

    boolean deleted() {
        return deleted;
    }

    String domainKey() {
        return domainKey;
    }

    AccountResponse toResponse() {
        return new AccountResponse(id, name, domain, industry, size, tier, ownerId, address, tags, customAttributes,
                externalIds, createdAt, updatedAt, version);
    }
}
