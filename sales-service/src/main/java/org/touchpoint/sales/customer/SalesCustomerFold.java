package org.touchpoint.sales.customer;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchAttributes;
import org.touchpoint.events.TouchContract;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.Fold;
import org.touchpoint.kit.folding.FoldContext;
import org.touchpoint.kit.folding.FoldOutcome;
import org.touchpoint.sales.customer.SalesCustomer.CaseDetails;

/**
 * Folds what the briefing needs into {@link SalesCustomer}s (collection {@value #COLLECTION}): the profile, support
 * cases and SLA breaches, the last campaign message, satisfaction, and purchases (won deals). Touches of accounts and
 * of leads not yet customers, and kinds the briefing does not show, are not read at all.
 *
 * <p>With the view it writes, in the same batch: the email lookup ({@link EmailKeys}) when a profile brings a new
 * email, and on a tombstone the pending erasure ({@link Erasures}) that the reaction, or its retry, completes.
 */
@Component
class SalesCustomerFold implements Fold<SalesCustomer> {

    static final String COLLECTION = "customers";
    private static final Set<String> KINDS = Set.of(TouchKinds.CASE_OPENED, TouchKinds.CASE_REOPENED, TouchKinds.CASE_UPDATED,
            TouchKinds.CASE_ESCALATED, TouchKinds.CASE_RESOLVED, TouchKinds.CASE_CLOSED, TouchKinds.SLA_BREACHED,
            TouchKinds.MESSAGE_SENT, TouchKinds.CSAT_RECEIVED, TouchKinds.OPPORTUNITY_WON);

    @Override
    public String name() {
        return "sales-customers";
    }

    @Override
    public Class<SalesCustomer> type() {
        return SalesCustomer.class;
    }

    @Override
    public String collection() {
        return COLLECTION;
    }

    @Override
    public SalesCustomer create(String id) {
        return new SalesCustomer(id);
    }

    /** True for a customer's id; false for an account's ({@code acc_}) or a lead's not yet converted ({@code led_}). */
    static boolean isCustomer(String id) {
        return !id.startsWith("acc_") && !id.startsWith("led_");
    }

    @Override
    public String viewIdOf(CrmEvent<Touch> touch) {
        Touch t = touch.data();
        if (!KINDS.contains(t.kind()) || TouchContract.isAccountLevel(t.kind()) || !isCustomer(t.customerId())) {
            return null;
        }
        return t.customerId();
    }

    @Override
    public FoldOutcome apply(SalesCustomer view, CrmEvent<Touch> touch, FoldContext context) {
        Touch t = touch.data();
        TouchAttributes a = t.attrs();
        String caseId = t.refs().get("caseId");
        Instant at = t.occurredAt();
        boolean changed = switch (t.kind()) {
            case TouchKinds.CASE_OPENED -> caseTouched(view, caseId,
                    new CaseDetails(a.text("number"), a.text("subject"), a.text("priority"), a.text("status")), true, true, at);
            case TouchKinds.CASE_UPDATED -> caseTouched(view, caseId,
                    new CaseDetails(a.text("number"), null, a.text("priority"), a.text("status")), null, false, at);
            case TouchKinds.CASE_ESCALATED -> caseTouched(view, caseId, brief(a), null, false, at);
            case TouchKinds.CASE_REOPENED -> caseTouched(view, caseId, brief(a), true, false, at);
            case TouchKinds.CASE_RESOLVED, TouchKinds.CASE_CLOSED -> caseTouched(view, caseId, brief(a), false, false, at);
            case TouchKinds.SLA_BREACHED -> {
                Instant dueAt = a.instant("dueAt");
                view.slaBreached(new SalesCustomer.SlaBreach(caseId, a.text("number"), a.text("target"), a.text("priority"),
                        dueAt == null ? null : dueAt.toString(), at));
                yield true;
            }
            case TouchKinds.MESSAGE_SENT -> view.messageSent(new SalesCustomer.CampaignMessage(t.refs().get("campaignId"),
                    a.text("campaignName"), a.text("objective"), a.text("offerCode"), a.text("offerName"), a.text("subject"), at));
            case TouchKinds.CSAT_RECEIVED -> {
                Integer score = a.integer("score");
                if (score == null || score < 1 || score > 5) {
                    yield false; // not a satisfaction score the contract knows; nothing to keep
                }
                view.csatReceived(caseId, score, a.text("comment"), at);
                yield true;
            }
            case TouchKinds.OPPORTUNITY_WON -> {
                String opportunityId = t.refs().get("opportunityId");
                if (opportunityId == null) {
                    yield false;
                }
                view.purchased(opportunityId, a.text("name"), t.amount(), items(a.lineItems("lineItems")), at);
                yield true;
            }
            default -> false;
        };
        return changed ? FoldOutcome.CHANGED : FoldOutcome.UNCHANGED;
    }

    /** What the case kinds other than opened and updated say: the number and the priority. */
    private static CaseDetails brief(TouchAttributes a) {
        return new CaseDetails(a.text("number"), null, a.text("priority"), null);
    }

    private static boolean caseTouched(SalesCustomer view, String caseId, CaseDetails details, Boolean open, boolean opening,
                                       Instant at) {
        if (caseId == null) {
            return false;
        }
        view.caseTouched(caseId, details, open, opening, at);
        return true;
    }

    private static List<SalesCustomer.Item> items(List<TouchAttributes.LineItem> lineItems) {
        return lineItems.stream().map(i -> new SalesCustomer.Item(i.productCode(), i.name(), i.category(),
                i.quantity() == null ? null : i.quantity().toPlainString(), i.unitPrice() == null ? null : i.unitPrice().toPlainString(),
                i.termMonths())).toList();
    }

    @Override
    public String viewIdOfProfile(String customerId, CrmEvent<CustomerProfile> profile) {
        return customerId;
    }

    /**
     * Keeps the highest profile version (an older or equal one, redelivered or replayed from the compacted topic,
     * changes nothing). A new email is published in the lookup, with the batch.
     */
    @Override
    public FoldOutcome applyProfile(SalesCustomer view, CrmEvent<CustomerProfile> profile, FoldContext context) {
        if (!view.applyProfile(profile.data())) {
            return FoldOutcome.UNCHANGED;
        }
        String key = EmailKeys.of(profile.data().email());
        if (key != null && view.rememberEmailKey(key)) {
            context.put(EmailKeys.COLLECTION, key, new Document(EmailKeys.CUSTOMER_ID, view.getId()));
        }
        return FoldOutcome.CHANGED;
    }

    /**
     * The customer was erased: the view is forgotten, and a pending erasure naming its email lookups is written with
     * the batch, before the view. The reaction that runs after the folds completes it; if it fails, the retry does.
     */
    @Override
    public FoldOutcome applyTombstone(SalesCustomer view, FoldContext context) {
        context.put(Erasures.COLLECTION, view.getId(), new Document(Erasures.EMAIL_KEYS, view.emailKeys()));
        return FoldOutcome.FORGET;
    }
}
