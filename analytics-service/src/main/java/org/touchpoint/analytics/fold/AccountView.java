package org.touchpoint.analytics.fold;

import java.time.Instant;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchAttributes;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.FoldedView;

/**
 * The account copy: what account-level touches ({@code account.*}, {@code entitlement.changed}) say about a company.
 * The latest {@code occurredAt} wins, so arrival order does not matter.
 */
public class AccountView extends FoldedView {

    private Instant updatedAt;
    private String name;
    private String industry;
    private String size;
    private String tier;
    private boolean deleted;
    private Instant infoAt;
    private String supportTier;
    private String supportValidFrom;
    private String supportValidUntil;
    private String supportSource;
    private Instant entitlementAt;
    private long touches;

    AccountView() {
    }

    public AccountView(String id) {
        super(id);
    }

    void apply(Touch t, Instant now) {
        TouchAttributes a = t.attrs();
        Instant at = t.occurredAt();
        touches++;
        updatedAt = now;
        if (TouchKinds.ENTITLEMENT_CHANGED.equals(t.kind())) {
            if (entitlementAt == null || !at.isBefore(entitlementAt)) {
                entitlementAt = at;
                supportTier = a.text("tier");
                supportValidFrom = a.date("validFrom") == null ? null : a.date("validFrom").toString();
                supportValidUntil = a.date("validUntil") == null ? null : a.date("validUntil").toString();
                supportSource = a.text("source");
            }
        } else if (infoAt == null || !at.isBefore(infoAt)) {
            infoAt = at;
            if (TouchKinds.ACCOUNT_DELETED.equals(t.kind())) {
                deleted = true;
            } else {
                deleted = false;
                name = Lists.first(a.text("name"), name);
                industry = Lists.first(a.text("industry"), industry);
                size = a.integer("size") == null ? size : String.valueOf(a.integer("size"));
                tier = Lists.first(a.text("tier"), tier);
            }
        }
    }

    public String getName() {
        return name;
    }

    public String getIndustry() {
        return industry;
    }

    public String getSize() {
        return size;
    }

    public String getTier() {
        return tier;
    }

    public boolean isDeleted() {
        return deleted;
    }

    public String getSupportTier() {
        return supportTier;
    }

    public String getSupportValidFrom() {
        return supportValidFrom;
    }

    public String getSupportValidUntil() {
        return supportValidUntil;
    }

    public String getSupportSource() {
        return supportSource;
    }

    public long getTouches() {
        return touches;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
