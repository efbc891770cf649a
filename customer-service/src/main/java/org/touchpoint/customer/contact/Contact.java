package org.touchpoint.customer.contact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.customer.activity.ActivityView;
import org.touchpoint.customer.support.SearchTerms;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Consent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.outbox.OutboxDocument;

/**
 * A person the business deals with. Every change emits its touches and the new profile snapshot, which the
 * store writes together with the contact in one single-document write.
 */
@Document("contacts")
@CompoundIndex(name = "account", def = "{'accountId': 1, '_id': 1}")
@CompoundIndex(name = "search", def = "{'searchTerms': 1, '_id': 1}")
@CompoundIndex(name = "owner", def = "{'ownerId': 1, '_id': 1}")
@CompoundIndex(name = "tag", def = "{'tags': 1, '_id': 1}")
@CompoundIndex(name = "stage", def = "{'lifecycleStage': 1, '_id': 1}")
@CompoundIndex(name = "updated", def = "{'updatedAt': 1}")
public class Contact extends OutboxDocument {

    private String firstName;
    private String lastName;
    private List<String> emails = new ArrayList<>();
    /**
     * The primary email, lower-cased: unique among live contacts (absent on deleted ones and on contacts without
     * email). Claimed by {@link PrimaryEmails} before it is written; the unique index stays as a backstop for contacts
     * written before the claims existed.
     */
    @Indexed(unique = true, sparse = true)
    private String primaryEmailKey;
    private List<String> phones = new ArrayList<>();
    private String accountId;
    private String accountName;
    private String title;
    private String ownerId;
    private String lifecycleStage;
    private List<String> tags = new ArrayList<>();
    private Map<String, ConsentState> consent = new LinkedHashMap<>();
    private ContactRequest.Notes notes;
    private Map<String, Object> customAttributes;
    private Map<String, String> externalIds;
    /** Every converted lead linked to this contact by email (a redelivered conversion changes nothing). */
    private List<String> linkedLeadIds = new ArrayList<>();
    private List<String> searchTerms = new ArrayList<>();
    private Instant createdAt;
    private Instant updatedAt;
    private boolean deleted;
    private Instant deletedAt;
    /** A placeholder that fenced off a creation which never completed (see {@code Claims}): deleted, never a contact. */
    private boolean fenced;

    Contact() {
    }

    static Contact create(String id, ContactRequest r, String accountName, String actor, Instant now) {
        Contact c = new Contact();
        c.id = id;
        c.createdAt = now;
        c.apply(r, accountName, now);
        c.consent = new LinkedHashMap<>();
        if (r.consent() != null) {
            r.consent().forEach((channel, given) -> c.consent.put(channel, new ConsentState(given.status(), now, given.source())));
        }
        c.emit(c.touch(TouchKinds.CONTACT_CREATED, actor, now).summary("Contact created: " + c.displayName()).build());
        c.emitProfile(c.profile(0));
        return c;
    }

    /** Replaces the contact's data; consent changes each emit consent.changed. */
    void update(ContactRequest r, String accountName, String actor, Instant now) {
        List<String> changed = changedFields(r);
        apply(r, accountName, now);
        if (r.consent() != null) {
            r.consent().forEach((channel, given) -> {
                ConsentState current = consent.get(channel);
                if (current == null || !current.status().equals(given.status())) {
                    consent.put(channel, new ConsentState(given.status(), now, given.source()));
                    emit(touch(TouchKinds.CONSENT_CHANGED, actor, now)
                            .summary("Consent for " + channel + " " + given.status())
                            .attribute("channel", channel).attribute("status", given.status())
                            .attribute("source", given.source()).build());
                    changed.add("consent." + channel);
                }
            });
        }
        emit(touch(TouchKinds.CONTACT_UPDATED, actor, now).summary("Contact updated: " + displayName())
                .attribute("changedFields", changed).build());
        emitProfile(profile(version + 1));
    }

    /**
     * Records consent on one channel, stamped now, with its source (a form, a call, an unsubscribe link).
     *
     * @return false when the consent already had that status: nothing changes and nothing is emitted
     */
    boolean changeConsent(String channel, ContactRequest.ConsentRequest given, String actor, Instant now) {
        ConsentState current = consent.get(channel);
        if (current != null && current.status().equals(given.status())) {
            return false;
        }
        consent = new LinkedHashMap<>(consent);
        consent.put(channel, new ConsentState(given.status(), now, given.source()));
        updatedAt = now;
        emit(touch(TouchKinds.CONSENT_CHANGED, actor, now).summary("Consent for " + channel + " " + given.status())
                .attribute("channel", channel).attribute("status", given.status()).attribute("source", given.source()).build());
        emitProfile(profile(version + 1));
        return true;
    }

    /**
     * Created from sales' {@code lead.converted}: the id is the one sales minted, the creation touch names the lead.
     */
    static Contact fromConvertedLead(String id, String leadId, ContactRequest r, String accountName, String actor, Instant now) {
        Contact c = new Contact();
        c.id = id;
        c.createdAt = now;
        c.apply(r, accountName, now);
        c.consent = new LinkedHashMap<>();
        c.emit(c.touch(TouchKinds.CONTACT_CREATED, actor, now).summary("Contact created from lead: " + c.displayName())
                .ref("leadId", leadId).attribute("leadId", leadId).build());
        c.emitProfile(c.profile(0));
        return c;
    }

    /**
     * A converted lead matched this existing contact by email: the contact keeps its id and records the lead and
     * the customer id sales had minted ({@code linkedCustomerId}), so consumers can treat that id as an alias.
     *
     * @return false when this lead was already linked (a redelivery, even after other leads were linked since)
     */
    boolean linkConvertedLead(String leadId, String mintedCustomerId, String actor, Instant now) {
        if (linkedLeadIds.contains(leadId)) {
            return false;
        }
        linkedLeadIds = new ArrayList<>(linkedLeadIds);
        linkedLeadIds.add(leadId);
        Map<String, String> ids = externalIds == null ? new LinkedHashMap<>() : new LinkedHashMap<>(externalIds);
        ids.put("leadId", leadId);
        externalIds = ids;
        updatedAt = now;
        emit(touch(TouchKinds.CONTACT_UPDATED, actor, now).summary("Lead linked to " + displayName())
                .ref("leadId", leadId).attribute("changedFields", List.of("externalIds"))
                .attribute("leadId", leadId).attribute("linkedCustomerId", mintedCustomerId).build());
        emitProfile(profile(version + 1));
        return true;
    }

    /** When consent on {@code channel} was last recorded, or null. */
    Instant consentRecordedAt(String channel) {
        ConsentState current = consent.get(channel);
        return current == null ? null : current.at();
    }

    /** The account this contact belongs to was renamed: the contact's copy of the name follows. */
    void accountRenamed(String newName, Instant now) {
        accountName = newName;
        searchTerms = terms();
        updatedAt = now;
        emitProfile(profile(version + 1));
    }

    /** Deletes the contact's personal data; what remains is a tombstone that carries the deletion's events. */
    void delete(String actor, Instant now) {
        emit(touch(TouchKinds.CONTACT_DELETED, actor, now).summary("Contact deleted").build());
        emitProfileTombstone(id);
        firstName = null;
        lastName = null;
        emails = List.of();
        primaryEmailKey = null;
        phones = List.of();
        title = null;
        ownerId = null;
        lifecycleStage = null;
        tags = List.of();
        consent = Map.of();
        notes = null;
        customAttributes = null;
        externalIds = null;
        accountName = null;
        searchTerms = List.of();
        deleted = true;
        deletedAt = now;
        updatedAt = now;
    }

    private Touch.Builder touch(String kind, String actor, Instant now) {
        return Touch.builder(id, kind).accountId(accountId).channel(Channels.SYSTEM).occurredAt(now).actor(actor).ref("contactId", id);
    }

    private void apply(ContactRequest r, String accountName, Instant now) {
        firstName = r.firstName().trim();
        lastName = r.lastName() == null ? null : r.lastName().trim();
        emails = r.emails() == null ? List.of() : r.emails().stream().map(String::trim).toList();
        primaryEmailKey = emails.isEmpty() ? null : emails.getFirst().toLowerCase(Locale.ROOT);
        phones = r.phones() == null ? List.of() : List.copyOf(r.phones());
        accountId = r.accountId();
        this.accountName = accountName;
        title = r.title();
        ownerId = r.ownerId();
        lifecycleStage = r.lifecycleStage() == null ? LifecycleStages.DEFAULT : r.lifecycleStage();
        tags = r.tags() == null ? List.of() : List.copyOf(r.tags());
        notes = r.notes();
        customAttributes = r.customAttributes();
        externalIds = r.externalIds();
        searchTerms = terms();
        updatedAt = now;
    }

    /**
     * The fields a replacement changes, named as the API names them (consent changes are added by {@link #update} as
     * {@code consent.<channel>}). Values read back from the store are compared by content: a map read back is not
     * the map that was sent, and a number may come back as another Number type.
     */
    private List<String> changedFields(ContactRequest r) {
        List<String> changed = new ArrayList<>();
        changedIf(changed, "firstName", firstName, r.firstName().trim());
        changedIf(changed, "lastName", lastName, r.lastName() == null ? null : r.lastName().trim());
        changedIf(changed, "emails", emails, r.emails() == null ? List.of() : r.emails().stream().map(String::trim).toList());
        changedIf(changed, "phones", phones, r.phones() == null ? List.of() : r.phones());
        changedIf(changed, "accountId", accountId, r.accountId());
        changedIf(changed, "title", title, r.title());
        changedIf(changed, "ownerId", ownerId, r.ownerId());
        changedIf(changed, "lifecycleStage", lifecycleStage, r.lifecycleStage() == null ? LifecycleStages.DEFAULT : r.lifecycleStage());
        changedIf(changed, "tags", tags, r.tags() == null ? List.of() : r.tags());
        changedIf(changed, "notes", notes, r.notes());
        changedIf(changed, "customAttributes", customAttributes, r.customAttributes());
        changedIf(changed, "externalIds", externalIds, r.externalIds());
        return changed;
    }

    private static void changedIf(List<String> changed, String field, Object current, Object requested) {
        if (!sameValue(current, requested)) {
            changed.add(field);
        }
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size()
                    && x.entrySet().stream().allMatch(e -> y.containsKey(e.getKey()) && sameValue(e.getValue(), y.get(e.getKey())));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Number x && b instanceof Number y) {
            try {
                return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
            } catch (NumberFormatException notFinite) {
                return x.equals(y);
            }
        }
        return Objects.equals(a, b);
    }

    private List<String> terms() {
        List<String> values = new ArrayList<>();
        values.add(firstName);
        if (lastName != null) {
            values.add(lastName);
            values.add(firstName + " " + lastName);
        }
        values.addAll(emails);
        if (accountName != null) {
            values.add(accountName);
        }
        if (notes != null && notes.nickname() != null) {
            values.add(notes.nickname());
        }
        return SearchTerms.of(values);
    }

    String displayName() {
        return lastName == null || lastName.isBlank() ? firstName : firstName + " " + lastName;
    }

    CustomerProfile profile(long profileVersion) {
        Map<String, Consent> wire = new LinkedHashMap<>();
        consent.forEach((channel, c) -> wire.put(channel, new Consent(c.status(), c.at(), c.source())));
        return new CustomerProfile(id, accountId, accountName, firstName, lastName, displayName(),
                notes == null ? null : notes.nickname(), emails.isEmpty() ? null : emails.getFirst(),
                phones.isEmpty() ? null : phones.getFirst(), title, ownerId, lifecycleStage, wire, tags,
                profileVersion, updatedAt, notes == null ? null : notes.preferences());
    }

    boolean deleted() {
        return deleted;
    }

    boolean fenced() {
        return fenced;
    }

    String primaryEmailKey() {
        return primaryEmailKey;
    }

    String accountId() {
        return accountId;
    }

    ContactResponse toResponse(ActivityView activity) {
        return new ContactResponse(id, firstName, lastName, displayName(), emails, phones, accountId, accountName, title,
                ownerId, lifecycleStage, tags, consent, notes, customAttributes, externalIds, activity, createdAt,
                updatedAt, version);
    }
}
