package org.touchpoint.customer.contact;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import org.touchpoint.customer.account.AccountDirectory;
import org.touchpoint.customer.claim.ClaimedByAnother;
import org.touchpoint.customer.claim.Claims;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchAttributes;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.TouchHandler;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;

/**
 * What other services tell customer-service about its contacts (a reaction: it runs after the folds, record by record):
 * <ul>
 *   <li>{@code lead.converted} (sales): create the contact with the id sales minted, or, when a live contact already
 *   has the lead's email, link the lead to it. Idempotent: a contact that already has the id (live or deleted)
 *   ends it; a contact already linked to the lead changes nothing.</li>
 *   <li>{@code consent.withdrawn} (marketing's unsubscribe link): withdraw consent on that channel, unless the
 *   contact recorded a consent decision after the click (a later re-subscription wins), or it is already withdrawn.</li>
 * </ul>
 * Each ends in one single-document write with its touches and profile, like a command from the API; every read is by
 * {@code _id} (the email's holder through its claim). A race lost to another writer throws: the kit retries the
 * record with backoff, and the retry sees what the other writer did.
 */
@Component
class ContactEventsFromOtherServices implements TouchHandler {

    private static final Logger log = LoggerFactory.getLogger(ContactEventsFromOtherServices.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().\\-/]{3,32}");
    private static final Pattern CONSENT_CHANNEL = Pattern.compile("email|sms|phone");

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final Claims<Contact> contacts;
    private final AccountDirectory accounts;
    private final Clock clock;

    ContactEventsFromOtherServices(MongoTemplate mongo, OutboxStore store, Claims<Contact> contacts, AccountDirectory accounts,
                                   Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.contacts = contacts;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        switch (event.data().kind()) {
            case TouchKinds.LEAD_CONVERTED -> leadConverted(event.data());
            case TouchKinds.CONSENT_WITHDRAWN -> consentWithdrawn(event.data());
            default -> {
                // not ours
            }
        }
    }

    private void leadConverted(Touch touch) {
        String customerId = touch.customerId();
        String leadId = touch.refs().get("leadId");
        if (!Ids.isValid(customerId, "con") || leadId == null) {
            log.warn("Ignoring lead.converted with customer id '{}' and lead '{}': not a contact id or no lead", customerId, leadId);
            return;
        }
        Contact existing = mongo.findById(customerId, Contact.class);
        if (existing != null && !existing.fenced()) {
            return; // created (or created and since deleted) by an earlier delivery
        }
        // A converted lead naming an account that does not exist (or no longer does) belongs to no account.
        String accountId = bounded(touch.attrs().text("accountId"), 64);
        String accountName = accountId == null ? null : accounts.liveAccountName(accountId).orElse(null);
        ContactRequest request = request(touch, leadId, accountName == null ? null : accountId);
        Contact contact = Contact.fromConvertedLead(customerId, leadId, request, accountName, touch.actor(), clock.instant());
        try {
            contacts.insert(contact);
        } catch (ClaimedByAnother taken) {
            if (!taken.held()) {
                throw new OptimisticLockingFailureException("email of lead " + leadId + " is being given to " + taken.holder());
            }
            link(taken.holder(), leadId, customerId, touch);
        } catch (DuplicateKeyException idTaken) {
            if (existing != null) {
                // Fenced: our first attempt crashed and its email went to another contact, which has since let it go.
                log.warn("Lead {} not converted: contact id {} was fenced off and its email is free again", leadId, customerId);
                return;
            }
            throw new OptimisticLockingFailureException("contact " + customerId + " appeared meanwhile", idTaken);
        }
    }

    /** The converted lead's person as a contact request, bounded to the contact's field sizes. */
    private static ContactRequest request(Touch touch, String leadId, String accountId) {
        TouchAttributes a = touch.attrs();
        String email = bounded(a.text("email"), 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            email = null;
        }
        String phone = bounded(a.text("phone"), 32);
        String firstName = firstNonBlank(bounded(a.text("firstName"), 100),
                email == null ? null : email.substring(0, email.indexOf('@')), bounded(a.text("company"), 100), "Lead " + leadId);
        return new ContactRequest(firstName, bounded(a.text("lastName"), 100), email == null ? null : List.of(email),
                phone != null && PHONE.matcher(phone).matches() ? List.of(phone) : null, accountId,
                bounded(a.text("title"), 100), bounded(a.text("ownerId"), 100), "opportunity", null, null, null, null,
                Map.of("leadId", leadId));
    }

    private void link(String holderId, String leadId, String mintedId, Touch touch) {
        Contact linked = store.change(Contact.class, holderId, c -> !c.deleted()
                && c.linkConvertedLead(leadId, mintedId, touch.actor(), clock.instant())).orElse(null);
        if (linked == null || linked.deleted()) {
            throw new OptimisticLockingFailureException("contact " + holderId + " let the email of lead " + leadId + " go meanwhile");
        }
        log.info("Lead {} linked by email to existing contact {} (sales had minted {})", leadId, holderId, mintedId);
    }

    private void consentWithdrawn(Touch touch) {
        String channel = touch.attrs().text("channel");
        if ("mail".equals(channel)) {
            return; // a direct-mail opt-out: marketing keeps it as its own suppression; contacts hold no mail consent
        }
        if (channel == null || !CONSENT_CHANNEL.matcher(channel).matches()) {
            log.warn("Ignoring consent.withdrawn for {} without a consent channel ({})", touch.customerId(), channel);
            return;
        }
        String source = firstNonBlank(bounded(touch.attrs().text("source"), 100), "unsubscribe-link");
        ContactRequest.ConsentRequest withdrawn = new ContactRequest.ConsentRequest("withdrawn", source);
        // Nobody to unsubscribe (no contact, or deleted: nothing of theirs is held), or the customer decided again after
        // clicking (the later decision stands), or already withdrawn: nothing is written.
        store.change(Contact.class, touch.customerId(), contact -> !contact.deleted()
                && !decidedAfter(contact, channel, touch.occurredAt())
                && contact.changeConsent(channel, withdrawn, touch.actor(), touch.occurredAt()));
    }

    private static boolean decidedAfter(Contact contact, String channel, Instant click) {
        Instant decided = contact.consentRecordedAt(channel);
        return decided != null && decided.isAfter(click);
    }

    /** Trimmed, at most {@code max} characters; null when blank. */
    private static String bounded(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.length() > max ? trimmed.substring(0, max) : trimmed;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
