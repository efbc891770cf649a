package org.touchpoint.marketing.customer;

/**
 * A customer's account as marketing knows it from the account-level touches: {@code account.created/updated}
 * (name, industry, size, tier) and {@code entitlement.changed} (the support tier).
 */
public record AccountView(String id, String name, String industry, String tier, String supportTier) {

    public static AccountView none(String id) {
        return new AccountView(id, null, null, null, null);
    }
}
