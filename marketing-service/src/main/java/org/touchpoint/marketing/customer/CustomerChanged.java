package org.touchpoint.marketing.customer;

import java.util.Collection;
import java.util.List;

/**
 * Published (in-process, synchronously) after customers' copies changed, or after a change of their account, so that
 * segment membership re-evaluates exactly the customers concerned; and when a customer was erased. A listener that
 * throws makes the announcement fail: it is made again record by record ({@link CustomerChangedHandler}), retried, and
 * its record dead-lettered when it keeps failing. Listeners must be idempotent: a change may be announced again.
 *
 * @param customerIds the customers, or empty when {@code accountId} names an account whose customers all changed
 * @param erased      the customers are gone (tombstone, {@code customer.erased}): drop them from every segment
 */
public record CustomerChanged(List<String> customerIds, String accountId, boolean erased) {

    public CustomerChanged {
        customerIds = List.copyOf(customerIds);
    }

    public static CustomerChanged customer(String id) {
        return new CustomerChanged(List.of(id), null, false);
    }

    public static CustomerChanged customers(Collection<String> ids) {
        return new CustomerChanged(List.copyOf(ids), null, false);
    }

    public static CustomerChanged account(String id) {
        return new CustomerChanged(List.of(), id, false);
    }

    public static CustomerChanged erased(String id) {
        return new CustomerChanged(List.of(id), null, true);
    }
}
