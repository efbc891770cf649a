package org.touchpoint.marketing.customer;

/**
 * Published (in-process, synchronously) after the customer view of one customer changed, or after a change of
 * its account: segment membership re-evaluates exactly the customers concerned.
 *
 * @param customerId the customer, or null when {@code accountId} names an account whose customers all changed
 * @param erased     the customer is gone (tombstone): drop it from every segment
 */
public record CustomerChanged(String customerId, String accountId, boolean erased) {

    public static CustomerChanged customer(String id) {
        return new CustomerChanged(id, null, false);
    }

    public static CustomerChanged account(String id) {
        return new CustomerChanged(null, id, false);
    }

    public static CustomerChanged erased(String id) {
        return new CustomerChanged(id, null, true);
    }
}
