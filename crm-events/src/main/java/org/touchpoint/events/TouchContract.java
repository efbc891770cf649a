package org.touchpoint.events;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The touch catalog of {@code docs/touches.md} as data: for every kind, the service that owns it (the only one
 * allowed to publish it), whether it is account-level, the refs it carries and the type of each attribute.
 *
 * <p>Producers are checked against it before a touch is written ({@link #violations}); consumers read attributes
 * through {@link TouchAttributes}, which only answers attributes the kind declares. The contract test in this
 * module compares this table with docs/touches.md, so the page and the code cannot drift apart.
 *
 * <p>The contract only grows: a kind may gain an optional ref or attribute; renaming or retyping one is a new
 * {@code .v2} kind.
 */
public final class TouchContract {

    public static final String CUSTOMER_SERVICE = "customer-service";
    public static final String SALES_SERVICE = "sales-service";
    public static final String MARKETING_SERVICE = "marketing-service";
    public static final String SUPPORT_SERVICE = "support-service";

    /** The type an attribute has on the wire (JSON) and through {@link TouchAttributes}. */
    public enum Type {
        /** A JSON string. */
        TEXT,
        /** A JSON integer. */
        INTEGER,
        /** A decimal as a JSON string ({@code "12.50"}), like money amounts; bounded by {@link TouchAttributes}. */
        DECIMAL,
        BOOLEAN,
        /** An ISO-8601 UTC time as a JSON string. */
        INSTANT,
        /** A {@code YYYY-MM-DD} date as a JSON string. */
        DATE,
        /** A JSON array of strings. */
        TEXT_LIST,
        /** A JSON array of line items ({@link TouchAttributes.LineItem}). */
        LINE_ITEMS
    }

    /**
     * One kind of touch.
     *
     * @param kind         e.g. {@code opportunity.won}
     * @param owner        the service that publishes it (the CloudEvents source must be this service)
     * @param accountLevel true when {@code customerId} is an account id ({@code acc_…}), not a customer's
     * @param refs         the refs it may carry
     * @param attributes   its attributes and their types
     */
    public record Kind(String kind, String owner, boolean accountLevel, Set<String> refs, Map<String, Type> attributes) {

        public Kind {
            refs = Collections.unmodifiableSet(new LinkedHashSet<>(refs));
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }

        public boolean declares(String attribute) {
            return attributes.containsKey(attribute);
        }
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        // ---------------------------------------------------------------- customer-service
        String cs = CUSTOMER_SERVICE;
        Map<String, Type> contact = attrs("changedFields", Type.TEXT_LIST, "leadId", Type.TEXT, "linkedCustomerId", Type.TEXT);
        kind(TouchKinds.CONTACT_CREATED, cs, false, refs("contactId", "accountId", "leadId"), contact);
        kind(TouchKinds.CONTACT_UPDATED, cs, false, refs("contactId", "accountId", "leadId"), contact);
        kind(TouchKinds.CONTACT_DELETED, cs, false, refs("contactId"), attrs());
        kind(TouchKinds.CONSENT_CHANGED, cs, false, refs("contactId"),
                attrs("channel", Type.TEXT, "status", Type.TEXT, "source", Type.TEXT));
        Map<String, Type> account = attrs("name", Type.TEXT, "industry", Type.TEXT, "size", Type.INTEGER, "tier", Type.TEXT);
        kind(TouchKinds.ACCOUNT_CREATED, cs, true, refs("accountId"), account);
        kind(TouchKinds.ACCOUNT_UPDATED, cs, true, refs("accountId"), account);
        kind(TouchKinds.ACCOUNT_DELETED, cs, true, refs("accountId"), attrs());
        kind(TouchKinds.CUSTOMER_ERASED, cs, false, refs("contactId"), attrs());

        // ---------------------------------------------------------------- sales-service
        String ss = SALES_SERVICE;
        kind(TouchKinds.LEAD_CREATED, ss, false, refs("leadId", "campaignId"), attrs("source", Type.TEXT, "status", Type.TEXT,
                "company", Type.TEXT, "email", Type.TEXT, "firstName", Type.TEXT, "lastName", Type.TEXT, "score", Type.INTEGER));
        kind(TouchKinds.LEAD_ASSIGNED, ss, false, refs("leadId"), attrs("ownerId", Type.TEXT, "rule", Type.TEXT));
        kind(TouchKinds.LEAD_QUALIFIED, ss, false, refs("leadId"), attrs("level", Type.TEXT, "score", Type.INTEGER));
        kind(TouchKinds.LEAD_DISQUALIFIED, ss, false, refs("leadId"), attrs("reason", Type.TEXT));
        kind(TouchKinds.LEAD_CONVERTED, ss, false, refs("leadId", "opportunityId", "campaignId"), attrs("firstName", Type.TEXT,
                "lastName", Type.TEXT, "email", Type.TEXT, "phone", Type.TEXT, "company", Type.TEXT, "title", Type.TEXT,
                "accountId", Type.TEXT, "ownerId", Type.TEXT, "source", Type.TEXT, "linked", Type.BOOLEAN));
        Set<String> deal = refs("opportunityId", "pipelineId", "leadId", "campaignId");
        Map<String, Type> open = attrs("name", Type.TEXT, "stage", Type.TEXT, "probability", Type.INTEGER,
                "category", Type.TEXT, "expectedCloseDate", Type.DATE, "ownerId", Type.TEXT);
        kind(TouchKinds.OPPORTUNITY_CREATED, ss, false, deal, open);
        kind(TouchKinds.OPPORTUNITY_UPDATED, ss, false, deal, with(open, "changedFields", Type.TEXT_LIST));
        kind(TouchKinds.OPPORTUNITY_STAGE_CHANGED, ss, false, deal, with(open, "fromStage", Type.TEXT));
        kind(TouchKinds.OPPORTUNITY_WON, ss, false, deal, attrs("name", Type.TEXT, "lineItems", Type.LINE_ITEMS,
                "closeReason", Type.TEXT, "cycleDays", Type.INTEGER, "ownerId", Type.TEXT, "createdAt", Type.INSTANT));
        kind(TouchKinds.OPPORTUNITY_LOST, ss, false, deal, attrs("name", Type.TEXT, "closeReason", Type.TEXT,
                "cycleDays", Type.INTEGER, "ownerId", Type.TEXT));
        Set<String> activity = refs("activityId", "leadId", "opportunityId");
        kind(TouchKinds.CALL_LOGGED, ss, false, activity, attrs("subject", Type.TEXT, "outcome", Type.TEXT,
                "durationMinutes", Type.INTEGER, "direction", Type.TEXT));
        kind(TouchKinds.MEETING_LOGGED, ss, false, activity, attrs("subject", Type.TEXT, "outcome", Type.TEXT,
                "durationMinutes", Type.INTEGER));
        kind(TouchKinds.EMAIL_LOGGED, ss, false, activity, attrs("subject", Type.TEXT, "direction", Type.TEXT));
        kind(TouchKinds.TASK_DUE, ss, false, refs("taskId", "leadId", "opportunityId"),
                attrs("title", Type.TEXT, "dueAt", Type.INSTANT, "ownerId", Type.TEXT));

        // ---------------------------------------------------------------- marketing-service
        String ms = MARKETING_SERVICE;
        Set<String> message = refs("campaignId", "messageId");
        kind(TouchKinds.MESSAGE_SENT, ms, false, message, attrs("campaignName", Type.TEXT, "objective", Type.TEXT,
                "offerCode", Type.TEXT, "offerName", Type.TEXT, "subject", Type.TEXT, "medium", Type.TEXT));
        kind(TouchKinds.MESSAGE_OPENED, ms, false, message, attrs("offerCode", Type.TEXT));
        kind(TouchKinds.LINK_CLICKED, ms, false, message, attrs("link", Type.TEXT, "offerCode", Type.TEXT));
        kind(TouchKinds.CAMPAIGN_RESPONDED, ms, false, message, attrs("response", Type.TEXT, "offerCode", Type.TEXT,
                "offerName", Type.TEXT, "campaignName", Type.TEXT, "note", Type.TEXT));
        kind(TouchKinds.CONSENT_WITHDRAWN, ms, false, message, attrs("channel", Type.TEXT, "source", Type.TEXT));

        // ---------------------------------------------------------------- support-service
        String sp = SUPPORT_SERVICE;
        Set<String> kase = refs("caseId");
        kind(TouchKinds.CASE_OPENED, sp, false, kase, attrs("number", Type.TEXT, "subject", Type.TEXT, "priority", Type.TEXT,
                "category", Type.TEXT, "queue", Type.TEXT, "status", Type.TEXT, "tier", Type.TEXT));
        kind(TouchKinds.CASE_UPDATED, sp, false, kase, attrs("number", Type.TEXT, "changed", Type.TEXT_LIST,
                "priority", Type.TEXT, "status", Type.TEXT, "queue", Type.TEXT, "assignee", Type.TEXT));
        kind(TouchKinds.CASE_ESCALATED, sp, false, kase, attrs("number", Type.TEXT, "reason", Type.TEXT,
                "priority", Type.TEXT, "fromPriority", Type.TEXT, "queue", Type.TEXT));
        kind(TouchKinds.CASE_RESOLVED, sp, false, kase, attrs("number", Type.TEXT, "priority", Type.TEXT, "tier", Type.TEXT,
                "firstResponseMinutes", Type.INTEGER, "resolutionMinutes", Type.INTEGER));
        kind(TouchKinds.CASE_REOPENED, sp, false, kase, attrs("number", Type.TEXT, "priority", Type.TEXT));
        kind(TouchKinds.CASE_CLOSED, sp, false, kase, attrs("number", Type.TEXT, "priority", Type.TEXT));
        kind(TouchKinds.WORK_LOGGED, sp, false, refs("caseId", "workLogId"), attrs("agent", Type.TEXT,
                "minutes", Type.INTEGER, "ratePerHour", Type.DECIMAL, "number", Type.TEXT));
        Map<String, Type> sla = attrs("target", Type.TEXT, "tier", Type.TEXT, "priority", Type.TEXT, "dueAt", Type.INSTANT,
                "number", Type.TEXT);
        kind(TouchKinds.SLA_WARNING, sp, false, kase, sla);
        kind(TouchKinds.SLA_BREACHED, sp, false, kase, sla);
        kind(TouchKinds.CSAT_RECEIVED, sp, false, kase, attrs("score", Type.INTEGER, "comment", Type.TEXT, "number", Type.TEXT));
        Map<String, Type> visit = attrs("technician", Type.TEXT, "windowStart", Type.INSTANT, "windowEnd", Type.INSTANT,
                "number", Type.TEXT, "rescheduled", Type.BOOLEAN, "outcome", Type.TEXT, "reason", Type.TEXT);
        kind(TouchKinds.VISIT_SCHEDULED, sp, false, refs("caseId", "visitId"), visit);
        kind(TouchKinds.VISIT_COMPLETED, sp, false, refs("caseId", "visitId"), visit);
        kind(TouchKinds.VISIT_CANCELLED, sp, false, refs("caseId", "visitId"), visit);
        kind(TouchKinds.ENTITLEMENT_CHANGED, sp, true, refs("accountId", "opportunityId"), attrs("tier", Type.TEXT,
                "validFrom", Type.DATE, "validUntil", Type.DATE, "source", Type.TEXT));
    }

    private TouchContract() {
    }

    /** The kind, or empty when the contract does not know it (consumers ignore unknown kinds). */
    public static Optional<Kind> kind(String kind) {
        return Optional.ofNullable(KINDS.get(kind));
    }

    /** Every kind, in catalog order. */
    public static Collection<Kind> kinds() {
        return Collections.unmodifiableCollection(KINDS.values());
    }

    /** The service that owns (publishes) the kind, or empty for a kind the contract does not know. */
    public static Optional<String> owner(String kind) {
        return kind(kind).map(Kind::owner);
    }

    /**
     * True when a touch of this kind may come from this CloudEvents source ({@code /crm/<service>}): its owner's.
     * Unknown kinds are not anybody's: false.
     */
    public static boolean mayPublish(String source, String kind) {
        return kind(kind).map(k -> EventTypes.source(k.owner()).equals(source)).orElse(false);
    }

    /** Account-level kinds carry the account id as {@code customerId}. */
    public static boolean isAccountLevel(String kind) {
        return kind(kind).map(Kind::accountLevel).orElse(false);
    }

    /**
     * What is wrong with this touch as {@code service} would publish it: an unknown kind, a kind of another service,
     * an undeclared ref or attribute, an attribute of the wrong type. Empty when it conforms.
     */
    public static List<String> violations(Touch touch, String service) {
        List<String> problems = new ArrayList<>();
        Kind k = KINDS.get(touch.kind());
        if (k == null) {
            problems.add("kind " + touch.kind() + " is not in the touch contract");
            return problems;
        }
        if (!k.owner().equals(service)) {
            problems.add("kind " + touch.kind() + " belongs to " + k.owner() + ", not " + service);
        }
        if (!Channels.isKnown(touch.channel())) {
            problems.add("channel " + touch.channel() + " is not one of " + Channels.ALL);
        }
        for (String ref : touch.refs().keySet()) {
            if (!k.refs().contains(ref)) {
                problems.add("kind " + touch.kind() + " has no ref " + ref);
            }
        }
        for (Map.Entry<String, Object> a : touch.attributes().entrySet()) {
            Type type = k.attributes().get(a.getKey());
            if (type == null) {
                problems.add("kind " + touch.kind() + " has no attribute " + a.getKey());
            } else if (!TouchAttributes.conforms(type, a.getValue())) {
                problems.add("attribute " + a.getKey() + " of " + touch.kind() + " is not a " + type + ": " + abbreviate(a.getValue()));
            }
        }
        return problems;
    }

    private static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    private static void kind(String kind, String owner, boolean accountLevel, Set<String> refs, Map<String, Type> attributes) {
        if (KINDS.put(kind, new Kind(kind, owner, accountLevel, refs, attributes)) != null) {
            throw new IllegalStateException("kind declared twice: " + kind);
        }
    }

    private static Set<String> refs(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    private static Map<String, Type> attrs(Object... nameTypePairs) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            m.put((String) nameTypePairs[i], (Type) nameTypePairs[i + 1]);
        }
        return m;
    }

    private static Map<String, Type> with(Map<String, Type> base, String name, Type type) {
        Map<String, Type> m = new LinkedHashMap<>(base);
        m.put(name, type);
        return m;
    }
}
