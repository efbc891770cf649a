package org.touchpoint.analytics.fold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;

/**
 * The account copy: what account-level touches ({@code account.*}, {@code entitlement.changed}) say about a
 * company. Same rules as {@link CustomerView}: once per event id, latest {@code occurredAt} wins.
 */
public class AccountView {

    @Id
    private String id;
    @Version
    private Long version;
    private List<String> appliedEvents = new ArrayList<>();
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
        this.id = id;
    }

    public static boolean isAccountLevel(String kind) {
        return kind.startsWith("account.") || TouchKinds.ENTITLEMENT_CHANGED.equals(kind);
    }

    public CustomerView.Outcome apply(CrmEvent<Touch> event, Instant now) {
        if (appliedEvents.contains(event.id())) {
            return CustomerView.Outcome.DUPLICATE;
        }
        Touch t = event.data();
        Map<String, Object> a = t.attributes();
        Instant at = t.occurredAt();
        touches++;
        if (TouchKinds.ENTITLEMENT_CHANGED.equals(t.kind())) {
            if (entitlementAt == null || !at.isBefore(entitlementAt)) {
                entitlementAt = at;
                supportTier = Attrs.str(a, "tier");
                supportValidFrom = Attrs.str(a, "validFrom");
                supportValidUntil = Attrs.str(a, "validUntil");
                supportSource = Attrs.str(a, "source");
            }
        } else if (infoAt == null || !at.isBefore(infoAt)) {
            infoAt = at;
            if (TouchKinds.ACCOUNT_DELETED.equals(t.kind())) {
                deleted = true;
            } else {
                deleted = false;
                name = Attrs.str(a, "name") == null ? name : Attrs.str(a, "name");
                industry = Attrs.str(a, "industry") == null ? industry : Attrs.str(a, "industry");
                size = Attrs.str(a, "size") == null ? size : Attrs.str(a, "size");
                tier = Attrs.str(a, "tier") == null ? tier : Attrs.str(a, "tier");
            }
        }
        appliedEvents.add(event.id());
        if (appliedEvents.size() > CustomerView.APPLIED_WINDOW) {
            appliedEvents = new ArrayList<>(appliedEvents.subList(appliedEvents.size() - CustomerView.APPLIED_WINDOW, appliedEvents.size()));
        }
        updatedAt = now;
        return CustomerView.Outcome.APPLIED;
    }

    public String getId() {
        return id;
    }

    public Long getVersion() {
        return version;
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

    public long getTouches() {
        return touches;
    }
}
