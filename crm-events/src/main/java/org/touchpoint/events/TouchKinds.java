package org.touchpoint.events;

/**
 * Touch kinds known today. The set is open: a consumer handles the kinds it knows and ignores the rest,
 * so a producer may add a kind without breaking anyone. The CloudEvents type of a touch is
 * {@code crm.touch.<kind>.v1} (see {@link EventTypes}).
 */
public final class TouchKinds {

    // customer-service
    public static final String ACCOUNT_CREATED = "account.created";
    public static final String ACCOUNT_UPDATED = "account.updated";
    public static final String ACCOUNT_DELETED = "account.deleted";
    public static final String CONTACT_CREATED = "contact.created";
    public static final String CONTACT_UPDATED = "contact.updated";
    public static final String CONTACT_DELETED = "contact.deleted";
    public static final String CONSENT_CHANGED = "consent.changed";
    public static final String CUSTOMER_ERASED = "customer.erased";

    // sales-service
    public static final String LEAD_CREATED = "lead.created";
    public static final String LEAD_ASSIGNED = "lead.assigned";
    public static final String LEAD_QUALIFIED = "lead.qualified";
    public static final String LEAD_DISQUALIFIED = "lead.disqualified";
    public static final String LEAD_CONVERTED = "lead.converted";
    public static final String OPPORTUNITY_CREATED = "opportunity.created";
    /** The deal's terms changed without a stage change (amount, expected close date, probability, name, owner). */
    public static final String OPPORTUNITY_UPDATED = "opportunity.updated";
    public static final String OPPORTUNITY_STAGE_CHANGED = "opportunity.stage-changed";
    public static final String OPPORTUNITY_WON = "opportunity.won";
    public static final String OPPORTUNITY_LOST = "opportunity.lost";
    public static final String CALL_LOGGED = "call.logged";
    public static final String MEETING_LOGGED = "meeting.logged";
    public static final String EMAIL_LOGGED = "email.logged";
    public static final String TASK_DUE = "task.due";

    // marketing-service
    public static final String MESSAGE_SENT = "message.sent";
    public static final String MESSAGE_OPENED = "message.opened";
    public static final String LINK_CLICKED = "link.clicked";
    public static final String CAMPAIGN_RESPONDED = "campaign.responded";
    public static final String CONSENT_WITHDRAWN = "consent.withdrawn";

    // support-service
    public static final String CASE_OPENED = "case.opened";
    public static final String CASE_UPDATED = "case.updated";
    public static final String CASE_ESCALATED = "case.escalated";
    public static final String CASE_RESOLVED = "case.resolved";
    public static final String CASE_REOPENED = "case.reopened";
    public static final String CASE_CLOSED = "case.closed";
    public static final String WORK_LOGGED = "work.logged";
    /** Account-level: the subject (customerId) is the account id, like {@code account.*}. */
    public static final String ENTITLEMENT_CHANGED = "entitlement.changed";
    public static final String SLA_WARNING = "sla.warning";
    public static final String SLA_BREACHED = "sla.breached";
    public static final String CSAT_RECEIVED = "csat.received";
    public static final String VISIT_SCHEDULED = "visit.scheduled";
    public static final String VISIT_COMPLETED = "visit.completed";
    public static final String VISIT_CANCELLED = "visit.cancelled";

    private TouchKinds() {
    }
}
