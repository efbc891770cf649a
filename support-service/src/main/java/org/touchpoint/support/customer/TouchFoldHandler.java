package org.touchpoint.support.customer;

import java.util.Date;
import java.util.Map;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.AppliedEvents;
import org.touchpoint.kit.consumer.TouchHandler;

/**
 * Folds the touches an agent needs into the customer's copy, once per event id: every touch into a bounded list
 * of recent touches, opportunity touches into the deal history, {@code message.sent} into the campaigns received.
 * Lists keep the touches' own {@code occurredAt}; readers sort by it, so arrival order does not matter.
 * Account-level touches ({@code account.*}, {@code entitlement.changed}) are not about a customer and are skipped.
 */
@Component
class TouchFoldHandler implements TouchHandler {

    private final AppliedEvents applied;
    private final int keepTouches;

    TouchFoldHandler(AppliedEvents applied, @Value("${crm.support.context.kept-touches:50}") int keepTouches) {
        this.applied = applied;
        this.keepTouches = keepTouches;
    }

    static boolean accountLevel(Touch t) {
        return t.kind().startsWith("account.") || TouchKinds.ENTITLEMENT_CHANGED.equals(t.kind())
                || t.customerId().startsWith("acc_");
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        Touch t = event.data();
        if (accountLevel(t)) {
            return;
        }
        Date at = Date.from(t.occurredAt());
        Update update = new Update().setOnInsert("firstSeenAt", at);
        if (t.accountId() != null) {
            update.set("touchAccountId", t.accountId());
        }
        update.push("recentTouches").slice(-keepTouches).each(new Document("eventId", event.id()).append("kind", t.kind())
                .append("channel", t.channel()).append("occurredAt", at).append("actor", t.actor())
                .append("summary", t.summary()).append("source", event.source()));
        switch (t.kind()) {
            case TouchKinds.OPPORTUNITY_CREATED, TouchKinds.OPPORTUNITY_STAGE_CHANGED, TouchKinds.OPPORTUNITY_WON,
                 TouchKinds.OPPORTUNITY_LOST -> update.push("opportunityEvents").slice(-200).each(opportunity(t, at));
            case TouchKinds.MESSAGE_SENT -> update.push("campaigns").slice(-20).each(new Document("occurredAt", at)
                    .append("campaignId", t.refs().get("campaignId")).append("messageId", t.refs().get("messageId"))
                    .append("campaignName", text(t.attributes(), "campaignName"))
                    .append("offerName", text(t.attributes(), "offerName"))
                    .append("offerCode", text(t.attributes(), "offerCode"))
                    .append("subject", text(t.attributes(), "subject"))
                    .append("channel", t.channel()));
            default -> {
            }
        }
        applied.applyOnce(CustomerDirectory.COLLECTION, t.customerId(), event.id(), update);
    }

    private static Document opportunity(Touch t, Date at) {
        Map<String, Object> a = t.attributes();
        return new Document("occurredAt", at).append("kind", t.kind())
                .append("opportunityId", t.refs().get("opportunityId"))
                .append("name", text(a, "name")).append("stage", text(a, "stage"))
                .append("probability", a.get("probability") instanceof Number n ? n.doubleValue() : null)
                .append("expectedCloseDate", text(a, "expectedCloseDate"))
                .append("ownerId", text(a, "ownerId"))
                .append("amount", t.amount() == null ? null : t.amount().amount())
                .append("currency", t.amount() == null ? null : t.amount().currency());
    }

    private static String text(Map<String, Object> attributes, String name) {
        Object v = attributes.get(name);
        return v == null ? null : v.toString();
    }
}
