package org.touchpoint.sales.lead;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchAttributes;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.TouchHandler;
import org.touchpoint.sales.customer.CustomerErasure;

/**
 * Leads from touches: a {@code campaign.responded} of a known customer becomes a lead (one per customer and
 * campaign); engagement touches (opens, clicks, responses, meetings, calls, web visits) are counted on the lead they
 * concern (refs.leadId, a lead id as customerId, or the open leads of the customer) and rescore it. An erased
 * customer's leads lose their personal data. A {@code contact.updated} with {@code linkedCustomerId} (customer-service
 * linked a converted lead by email to a contact that already existed) moves the lead and its deal to that contact.
 */
@Component
class LeadTouchHandler implements TouchHandler, CustomerErasure {

    private static final Logger log = LoggerFactory.getLogger(LeadTouchHandler.class);
    static final Set<String> ENGAGEMENT = Set.of(TouchKinds.MESSAGE_OPENED, TouchKinds.LINK_CLICKED,
            TouchKinds.CAMPAIGN_RESPONDED, TouchKinds.MEETING_LOGGED, TouchKinds.CALL_LOGGED, TouchKinds.EMAIL_LOGGED);

    private final LeadService leads;

    LeadTouchHandler(LeadService leads) {
        this.leads = leads;
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        Touch t = event.data();
        if (TouchKinds.CAMPAIGN_RESPONDED.equals(t.kind()) && !t.customerId().startsWith("led_") && !t.customerId().startsWith("acc_")) {
            String campaignId = t.refs().get("campaignId");
            if (campaignId == null) {
                log.warn("campaign.responded {} names no campaignId; no lead made", event.id());
            } else {
                leads.fromCampaignResponse(t.customerId(), campaignId, "system", responseNote(t.attrs()));
            }
        }
        String minted = TouchKinds.CONTACT_UPDATED.equals(t.kind()) ? t.attrs().text("linkedCustomerId") : null;
        if (minted != null) {
            String leadId = t.refs().get("leadId") != null ? t.refs().get("leadId") : t.attrs().text("leadId");
            if (leadId != null) {
                leads.relinkConversion(leadId, minted, t.customerId());
            }
            return;
        }
        if (!isEngagement(t)) {
            return;
        }
        String leadId = t.refs().get("leadId");
        if (leadId == null && t.customerId().startsWith("led_")) {
            leadId = t.customerId();
        }
        if (leadId != null) {
            leads.engage(leadId, event.id(), t.kind(), t.channel(), t.occurredAt());
            return;
        }
        for (String id : leads.openLeadsOf(t.customerId())) {
            leads.engage(id, event.id(), t.kind(), t.channel(), t.occurredAt());
        }
    }

    /** What the response said, for the lead's notes: {@code campaignName: …; offerName: …; response: …; note: …}. */
    static String responseNote(TouchAttributes a) {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("campaignName", "offerName", "response", "note")) {
            String value = a.text(key);
            if (value != null) {
                parts.add(key + ": " + value);
            }
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** The engagement kinds, and any other conversation on the web channel (a web visit), but not the leads' own bookkeeping. */
    static boolean isEngagement(Touch t) {
        if (ENGAGEMENT.contains(t.kind())) {
            return true;
        }
        return Channels.WEB.equals(t.channel()) && !t.kind().startsWith("lead.");
    }

    /** The customer was erased (its profile tombstoned): its leads lose the personal data. */
    @Override
    public void forget(String customerId) {
        leads.forgetCustomer(customerId);
    }
}
