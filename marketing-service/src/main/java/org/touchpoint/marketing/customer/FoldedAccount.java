package org.touchpoint.marketing.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Transient;
import org.touchpoint.kit.folding.FoldedView;

/**
 * Marketing's copy of one account (collection {@value CustomerViews#ACCOUNTS}), folded by {@link AccountFold} from the
 * account-level touches: {@code account.created/updated} (name, industry, size, tier) and {@code entitlement.changed}
 * (the support tier). Touches may arrive out of order: each part keeps the latest {@code occurredAt} it applied.
 */
class FoldedAccount extends FoldedView {

    String name;
    String industry;
    Integer size;
    String tier;
    Instant accountAt;
    String supportTier;
    Instant entitlementAt;

    /** Set while a batch is folded: something segment rules read changed (not persisted). */
    @Transient
    boolean changed;
    /** The ids of the events folded into this copy in the current batch (not persisted). */
    @Transient
    List<String> batchEvents = new ArrayList<>();

    FoldedAccount() {
    }

    FoldedAccount(String id) {
        super(id);
    }

    /** An account touch: only one that occurred after the last applied changes the account; absent fields stay. */
    boolean account(Instant at, String name, String industry, Integer size, String tier) {
        if (accountAt != null && !accountAt.isBefore(at)) {
            return false;
        }
        accountAt = at;
        this.name = name != null ? name : this.name;
        this.industry = industry != null ? industry : this.industry;
        this.size = size != null ? size : this.size;
        this.tier = tier != null ? tier : this.tier;
        return true;
    }

    /** The support tier: only an entitlement that occurred after the last applied changes it. */
    boolean entitlement(Instant at, String tier) {
        if (entitlementAt != null && !entitlementAt.isBefore(at)) {
            return false;
        }
        entitlementAt = at;
        supportTier = tier;
        return true;
    }
}
