package org.touchpoint.customer.contact;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.customer.account.AccountDirectory;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.TouchHandler;
import org.touchpoint.kit.outbox.OutboxStore;

/**
 * What other services tell customer-service about its contacts:
 * <ul>
 *   <li>{@code lead.converted} (sales): create the contact with the id sales minted, or, when a live contact already
 *   has the lead's email, link the lead to it. Idempotent: a contact that already has the id (live or deleted)
 *   ends it; a contact already linked to the lead changes nothing.</li>
 *   <li>{@code consent.withdrawn} (marketing's unsubscribe link): withdraw consent on that channel, unless the
 *   contact recorded a consent decision after the click (a later re-subscription wins), or it is already withdrawn.</li>
 * </ul>
 * Each ends in one single-document write with its touches and profile, like a command from the API.
 */
@Component
class ContactEventsFromOtherServices implements TouchHandler {

    private static final Logger log = LoggerFactory.getLogger(ContactEventsFromOtherServices.class);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,63}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ().\\-/]{3,32}");
    private static final Pattern CONSENT_CHANNEL = Pattern.compile("email|sms|phone");
    private static final int ATTEMPTS = 5;

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final AccountDirectory accounts;
    private final Clock clock;

    ContactEventsFromOtherServices(MongoTemplate mongo, OutboxStore store, AccountDirectory accounts, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        Touch touch = event.data();
        switch (touch.kind()) {
            case TouchKinds.LEAD_CONVERTED -> retryingConcurrentEdits(() -> leadConverted(touch));
            case TouchKinds.CONSENT_WITHDRAWN -> retryingConcurrentEdits(() -> consentWithdrawn(touch));
            default -> {
                // not ours
            }
        }
    }

    private void leadConverted(Touch touch) {
        String customerId = touch.customerId();
        String leadId = touch.refs().getOrDefault("leadId", text(touch, "leadId", 64));
        if (!customerId.matches("con_[0-9A-Z]{26}") || leadId == null) {
            log.warn("Ignoring lead.converted with customer id '{}' and lead '{}': not a contact id or no lead", customerId, leadId);
            return;
        }
        if (mongo.exists(Query.query(Criteria.where("_id").is(customerId)), Contact.class)) {
            return; // created (or created and since deleted) by an earlier delivery
        }
        String email = text(touch, "email", 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            email = null;
        }
        if (email != null && linkToExisting(email, leadId, customerId, touch)) {
            return;
        }
        String accountId = text(touch, "accountId", 64);
        String accountName = accountId == null ? null : accounts.liveAccountName(accountId).orElse(null);
        String firstName = firstNonBlank(text(touch, "firstName", 100),
                email == null ? null : email.substring(0, email.indexOf('@')), text(touch, "company", 100), "Lead " + leadId);
        String phone = text(touch, "phone", 32);
        ContactRequest request = new ContactRequest(firstName, text(touch, "lastName", 100),
                email == null ? null : List.of(email),
                phone != null && PHONE.matcher(phone).matches() ? List.of(phone) : null,
                accountName == null ? null : accountId, text(touch, "title", 100), text(touch, "ownerId", 100),
                "opportunity", null, null, null, null, Map.of("leadId", leadId));
        try {
            store.insert(Contact.fromConvertedLead(customerId, leadId, request, accountName, touch.actor(), clock.instant()));
        } catch (DuplicateKeyException raced) {
            // Same id (a concurrent redelivery) or the email taken meanwhile: the next attempt sees which.
            throw new OptimisticLockingFailureException("contact " + customerId + " or its email appeared meanwhile", raced);
        }
    }

    private boolean linkToExisting(String email, String leadId, String mintedId, Touch touch) {
        Contact existing = mongo.findOne(Query.query(Criteria.where("primaryEmailKey").is(email.toLowerCase(Locale.ROOT))
                .and("deleted").ne(true)), Contact.class);
        if (existing == null) {
            return false;
        }
        if (existing.linkConvertedLead(leadId, mintedId, touch.actor(), clock.instant())) {
            store.update(existing);
            log.info("Lead {} linked by email to existing contact {} (sales had minted {})", leadId, existing.getId(), mintedId);
        }
        return true;
    }

    private void consentWithdrawn(Touch touch) {
        String channel = text(touch, "channel", 10);
        if ("mail".equals(channel)) {
            return; // a direct-mail opt-out: marketing keeps it as its own suppression; contacts hold no mail consent
        }
        if (channel == null || !CONSENT_CHANNEL.matcher(channel).matches()) {
            log.warn("Ignoring consent.withdrawn for {} without a consent channel ({})", touch.customerId(), channel);
            return;
        }
        Contact contact = mongo.findById(touch.customerId(), Contact.class);
        if (contact == null || contact.deleted()) {
            return; // nobody to unsubscribe: nothing of theirs is held
        }
        java.time.Instant decided = contact.consentRecordedAt(channel);
        if (decided != null && decided.isAfter(touch.occurredAt())) {
            return; // the customer decided again after clicking: the later decision stands
        }
        String source = firstNonBlank(text(touch, "source", 100), "unsubscribe-link");
        if (contact.changeConsent(channel, new ContactRequest.ConsentRequest("withdrawn", source), touch.actor(), touch.occurredAt())) {
            store.update(contact);
        }
    }

    private static void retryingConcurrentEdits(Runnable work) {
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return;
            } catch (OptimisticLockingFailureException concurrent) {
                if (attempt == ATTEMPTS) {
                    throw concurrent; // the consumer's error handler retries with backoff, then dead-letters
                }
            }
        }
    }

    private static String text(Touch touch, String attribute, int maxLength) {
        Object value = touch.attributes().get(attribute);
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        String trimmed = s.strip();
        return trimmed.length() > maxLength ? trimmed.substring(0, maxLength) : trimmed;
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
