package org.touchpoint.marketing.customer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.EventCodec.ProfileRecord;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.AppliedEvents;
import org.touchpoint.kit.consumer.ProfileHandler;
import org.touchpoint.kit.consumer.TouchHandler;

/**
 * Folds the profile topic and the touches into marketing's customer view, once per event id (a redelivered
 * event changes nothing), then tells segment membership which customer changed. Touches may arrive before the
 * profile: they are kept on a document that is not yet {@code known}. Profiles older than the one held are ignored.
 */
@Component
class CustomerFolding implements TouchHandler, ProfileHandler {

    private static final Logger log = LoggerFactory.getLogger(CustomerFolding.class);
    /** Ids that may become part of a field path (open cases are keyed by case id). */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final List<String> CONSENT_CHANNELS = List.of("email", "sms", "phone");

    private final MongoTemplate mongo;
    private final AppliedEvents applied;
    private final ApplicationEventPublisher events;

    CustomerFolding(MongoTemplate mongo, AppliedEvents applied, ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.applied = applied;
        this.events = events;
    }

    @Override
    public void onProfile(ProfileRecord record) {
        if (record.erased()) {
            applied.forget(CustomerViews.CUSTOMERS, record.customerId());
            events.publishEvent(CustomerChanged.erased(record.customerId()));
            return;
        }
        CustomerProfile p = record.event().data();
        Document current = mongo.findById(p.customerId(), Document.class, CustomerViews.CUSTOMERS);
        if (current != null && current.get("profileVersion") instanceof Number held && held.longValue() >= p.version()) {
            return; // an older (or the same) snapshot: the view already holds a newer one
        }
        Update u = new Update().set("known", true).set("profileVersion", p.version())
                .set("firstName", p.firstName()).set("lastName", p.lastName()).set("displayName", p.displayName())
                .set("nickname", p.nickname()).set("email", p.email()).set("accountId", p.accountId())
                .set("lifecycleStage", p.lifecycleStage()).set("tags", p.tags());
        Document consent = new Document();
        for (String channel : CONSENT_CHANNELS) {
            consent.append(channel, p.consents(channel));
        }
        u.set("consent", consent);
        applied.applyOnce(CustomerViews.CUSTOMERS, p.customerId(), record.event().id(), u);
        // Also on a redelivery: if membership failed after the view was written, the retry brings it up to date.
        events.publishEvent(CustomerChanged.customer(p.customerId()));
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        Touch t = event.data();
        switch (t.kind()) {
            case TouchKinds.ACCOUNT_CREATED, TouchKinds.ACCOUNT_UPDATED -> foldAccount(event, t);
            case TouchKinds.ENTITLEMENT_CHANGED -> foldEntitlement(event, t);
            case TouchKinds.ACCOUNT_DELETED -> { } // its customers' profiles follow; nothing to fold
            default -> {
                if (t.customerId().startsWith("acc_")) {
                    return; // another account-level kind: not about one customer
                }
                Update u = customerUpdate(t);
                if (u != null) {
                    applied.applyOnce(CustomerViews.CUSTOMERS, t.customerId(), event.id(), u);
                    events.publishEvent(CustomerChanged.customer(t.customerId())); // re-evaluating is idempotent
                }
            }
        }
    }

    /** The update a customer-level touch makes to the view, or null when it changes nothing marketing keeps. */
    private Update customerUpdate(Touch t) {
        Update u = new Update();
        boolean changes = false;
        if (!Channels.SYSTEM.equals(t.channel())) {
            u.max("lastTouchAt", Date.from(t.occurredAt()));
            changes = true;
        }
        switch (t.kind()) {
            case TouchKinds.OPPORTUNITY_WON -> changes |= won(t, u);
            case TouchKinds.CASE_OPENED, TouchKinds.CASE_REOPENED, TouchKinds.CASE_UPDATED, TouchKinds.CASE_ESCALATED ->
                    changes |= caseOpenOrChanged(t, u);
            case TouchKinds.CASE_RESOLVED, TouchKinds.CASE_CLOSED -> changes |= caseClosed(t, u);
            case TouchKinds.MESSAGE_OPENED -> {
                u.inc("opens", 1);
                changes = true;
            }
            case TouchKinds.LINK_CLICKED -> {
                u.inc("clicks", 1);
                changes = true;
            }
            case TouchKinds.CAMPAIGN_RESPONDED -> {
                u.inc("responses", 1);
                changes = true;
            }
            case TouchKinds.CONSENT_WITHDRAWN -> {
                // Our own unsubscribe: stop at once, before customer-service's new profile arrives.
                Object channel = t.attributes().get("channel");
                if (channel instanceof String c && CONSENT_CHANNELS.contains(c)) {
                    u.set("consent." + c, false);
                    changes = true;
                } else if ("mail".equals(channel)) {
                    // Direct mail has no consent in the profile: the opt-out is marketing's own suppression, in a
                    // field the next profile snapshot does not overwrite.
                    u.set("mailOptOut", true);
                    changes = true;
                }
            }
            default -> { }
        }
        return changes ? u : null;
    }

    private boolean won(Touch t, Update u) {
        String opportunityId = t.refs().get("opportunityId");
        if (opportunityId == null) {
            return false;
        }
        Document current = mongo.findById(t.customerId(), Document.class, CustomerViews.CUSTOMERS);
        if (current != null && current.getList("wins", Document.class, List.of()).stream()
                .anyMatch(w -> opportunityId.equals(w.getString("opportunityId")))) {
            return false; // the same deal won again under another event id: counted once
        }
        List<Document> purchases = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        if (t.attributes().get("lineItems") instanceof List<?> items) {
            for (Object o : items) {
                if (o instanceof Map<?, ?> item && item.get("productCode") instanceof String code && !code.isBlank()) {
                    purchases.add(new Document("productCode", code).append("name", string(item.get("name")))
                            .append("category", string(item.get("category"))).append("at", Date.from(t.occurredAt()))
                            .append("opportunityId", opportunityId));
                    sum = sum.add(lineTotal(item));
                }
            }
        }
        if (!purchases.isEmpty()) {
            u.push("purchases").each(purchases.toArray());
        }
        if (t.amount() != null) {
            u.push("wins", new Document("opportunityId", opportunityId).append("at", Date.from(t.occurredAt()))
                    .append("amount", t.amount().value().toPlainString()).append("currency", t.amount().currency()));
        } else if (!purchases.isEmpty()) {
            log.warn("opportunity.won {} of {} carries no amount: its revenue is not counted", opportunityId, t.customerId());
        }
        return true;
    }

    private static BigDecimal lineTotal(Map<?, ?> item) {
        try {
            BigDecimal price = new BigDecimal(String.valueOf(item.get("unitPrice")));
            BigDecimal quantity = item.get("quantity") == null ? BigDecimal.ONE : new BigDecimal(String.valueOf(item.get("quantity")));
            return price.multiply(quantity);
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }

    private boolean caseOpenOrChanged(Touch t, Update u) {
        String caseId = t.refs().get("caseId");
        if (caseId == null || !SAFE_ID.matcher(caseId).matches()) {
            return false;
        }
        Document current = mongo.findById(t.customerId(), Document.class, CustomerViews.CUSTOMERS);
        boolean closed = current != null && current.getList("closedCases", String.class, List.of()).contains(caseId);
        boolean open = current != null && current.get("openCases", Document.class) != null
                && current.get("openCases", Document.class).containsKey(caseId);
        String priority = string(t.attributes().get("priority"));
        if (TouchKinds.CASE_REOPENED.equals(t.kind())) {
            u.pull("closedCases", caseId).set("openCases." + caseId, priority);
            return true;
        }
        if (closed || (!open && !TouchKinds.CASE_OPENED.equals(t.kind()))) {
            return false; // a late update of a case already closed, or of one we never saw open
        }
        u.set("openCases." + caseId, priority);
        return true;
    }

    private boolean caseClosed(Touch t, Update u) {
        String caseId = t.refs().get("caseId");
        if (caseId == null || !SAFE_ID.matcher(caseId).matches()) {
            return false;
        }
        u.unset("openCases." + caseId).addToSet("closedCases", caseId);
        return true;
    }

    private void foldAccount(CrmEvent<Touch> event, Touch t) {
        if (!accountIsNewer(t, "accountAt")) {
            return;
        }
        Update u = new Update().set("accountAt", Date.from(t.occurredAt()));
        for (String field : List.of("name", "industry", "tier", "size")) {
            Object value = t.attributes().get(field);
            if (value != null) {
                u.set(field, value.toString());
            }
        }
        applied.applyOnce(CustomerViews.ACCOUNTS, t.customerId(), event.id(), u);
        events.publishEvent(CustomerChanged.account(t.customerId()));
    }

    private void foldEntitlement(CrmEvent<Touch> event, Touch t) {
        if (!accountIsNewer(t, "entitlementAt")) {
            return;
        }
        Update u = new Update().set("entitlementAt", Date.from(t.occurredAt())).set("supportTier", string(t.attributes().get("tier")));
        applied.applyOnce(CustomerViews.ACCOUNTS, t.customerId(), event.id(), u);
        events.publishEvent(CustomerChanged.account(t.customerId()));
    }

    /** Out-of-order account touches: only a touch that occurred after the one applied changes the account. */
    private boolean accountIsNewer(Touch t, String field) {
        Document current = mongo.findById(t.customerId(), Document.class, CustomerViews.ACCOUNTS);
        return current == null || !(current.get(field) instanceof Date applied) || applied.toInstant().isBefore(t.occurredAt());
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

}
