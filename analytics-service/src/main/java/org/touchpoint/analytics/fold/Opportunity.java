package org.touchpoint.analytics.fold;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchAttributes;
import org.touchpoint.events.TouchKinds;

/** A deal as its touches describe it; {@code stateAt} is the occurredAt of the event that set its state. */
public class Opportunity {
    public static final String OPEN = "open";
    public static final String WON = "won";
    public static final String LOST = "lost";

    public String opportunityId;
    public String pipelineId;
    /** The lead the deal came from ({@code refs.leadId}), when sales says so. */
    public String leadId;
    /** The campaign the deal came from ({@code refs.campaignId}), when sales says so. */
    public String campaignId;
    public String name;
    public String status;
    public String stage;
    public Integer probability;
    public String category;
    public String expectedCloseDate;
    public String ownerId;
    public Amount amount;
    public Instant createdAt;
    public Instant closedAt;
    public Instant stateAt;
    public String closeReason;
    public Integer cycleDays;
    public List<LineItem> lineItems = new ArrayList<>();

    Opportunity() {
    }

    Opportunity(String opportunityId) {
        this.opportunityId = opportunityId;
    }

    public boolean isWon() {
        return WON.equals(status);
    }

    public boolean isClosed() {
        return WON.equals(status) || LOST.equals(status);
    }

    /** Days from creation to close: the touch's {@code cycleDays}, else computed from the times seen. */
    public Integer cycle() {
        if (cycleDays != null) {
            return cycleDays;
        }
        if (createdAt != null && closedAt != null) {
            return (int) Duration.between(createdAt, closedAt).toDays();
        }
        return null;
    }

    void apply(Touch t) {
        Instant at = t.occurredAt();
        TouchAttributes a = t.attrs();
        String kind = t.kind();
        boolean terminal = TouchKinds.OPPORTUNITY_WON.equals(kind) || TouchKinds.OPPORTUNITY_LOST.equals(kind);
        if (TouchKinds.OPPORTUNITY_CREATED.equals(kind)) {
            createdAt = Lists.min(createdAt, at);
        } else if (TouchKinds.OPPORTUNITY_WON.equals(kind) && a.instant("createdAt") != null) {
            createdAt = Lists.min(createdAt, a.instant("createdAt"));
        }
        leadId = Lists.first(leadId, t.refs().get("leadId"));
        campaignId = Lists.first(campaignId, t.refs().get("campaignId"));
        // The state is the one of the latest event; on a tie a close wins over an open stage.
        boolean newer = stateAt == null || at.isAfter(stateAt) || (at.equals(stateAt) && (terminal || !isClosed()));
        if (!newer) {
            name = Lists.first(name, a.text("name"));
            pipelineId = Lists.first(pipelineId, t.refs().get("pipelineId"));
            if (!terminal && expectedCloseDate == null && a.date("expectedCloseDate") != null) {
                expectedCloseDate = a.date("expectedCloseDate").toString();
            }
            return;
        }
        stateAt = at;
        pipelineId = Lists.first(t.refs().get("pipelineId"), pipelineId);
        name = Lists.first(a.text("name"), name);
        ownerId = Lists.first(a.text("ownerId"), ownerId);
        if (t.amount() != null) {
            amount = new Amount(t.amount().amount(), t.amount().currency());
        }
        switch (kind) {
            case TouchKinds.OPPORTUNITY_WON -> {
                status = WON;
                closedAt = at;
                stage = "closed-won";
                probability = 100;
                closeReason = a.text("closeReason");
                cycleDays = a.integer("cycleDays");
                lineItems = LineItem.of(a.lineItems("lineItems"), amount == null ? null : amount.getCurrency());
            }
            case TouchKinds.OPPORTUNITY_LOST -> {
                status = LOST;
                closedAt = at;
                stage = "closed-lost";
                probability = 0;
                closeReason = a.text("closeReason");
                cycleDays = a.integer("cycleDays");
                lineItems = new ArrayList<>();
            }
            default -> {
                status = OPEN;
                closedAt = null;
                closeReason = null;
                cycleDays = null;
                stage = Lists.first(a.text("stage"), stage);
                Integer p = a.integer("probability");
                if (p != null) {
                    probability = Math.max(0, Math.min(100, p));
                }
                category = Lists.first(a.text("category"), category);
                LocalDate close = a.date("expectedCloseDate");
                expectedCloseDate = close == null ? expectedCloseDate : close.toString();
            }
        }
    }

    /** One line of a won deal (decimals as strings, exact). */
    public static class LineItem {
        public String productCode;
        public String name;
        public String category;
        public String quantity;
        public String unitPrice;
        public String currency;
        public Integer termMonths;

        static List<LineItem> of(List<TouchAttributes.LineItem> items, String currency) {
            List<LineItem> out = new ArrayList<>();
            for (TouchAttributes.LineItem i : items) {
                LineItem li = new LineItem();
                li.productCode = i.productCode();
                li.name = i.name();
                li.category = i.category();
                li.quantity = i.quantity() == null ? null : i.quantity().toPlainString();
                li.unitPrice = i.unitPrice() == null ? null : i.unitPrice().toPlainString();
                li.currency = currency;
                li.termMonths = i.termMonths();
                out.add(li);
            }
            return out;
        }
    }
}
