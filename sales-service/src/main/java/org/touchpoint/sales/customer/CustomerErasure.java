package org.touchpoint.sales.customer;

/**
 * One feature's part of the right to be forgotten. When customer-service tombstones a customer's profile,
 * {@link SalesCustomerFold} forgets the local copy (from then on {@link SalesCustomerStore#erased} answers true and new
 * records about the customer are refused or redacted on arrival), then {@link Erasures} runs every step, from the
 * tombstone's reaction and, if that fails, from {@link ErasureRetry}.
 *
 * <p>A step removes or redacts the personal data its feature holds about the customer, in bounded batches of
 * single-document optimistic writes. It must be idempotent: it runs again on a redelivered tombstone, on a replay of
 * the compacted topic and on a retry after a failure, and a second run must find nothing left to change and write
 * nothing.
 */
public interface CustomerErasure {

    /** Forgets what this feature knows about the person behind {@code customerId}; a second call changes nothing. */
    void forget(String customerId);
}
