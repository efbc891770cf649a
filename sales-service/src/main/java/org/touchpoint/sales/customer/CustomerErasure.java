package org.touchpoint.sales.customer;

/**
 * One feature's part of the right to be forgotten. When customer-service tombstones a customer's profile,
 * {@link CustomerProfileHandler} first marks the local copy erased (so that from then on {@link CustomerViews#erased}
 * answers true and new records about the customer are refused or redacted on arrival), then runs every step.
 *
 * <p>A step removes or redacts the personal data its feature holds about the customer, in bounded batches of
 * single-document optimistic writes. It must be idempotent: the tombstone is redelivered after a failure (every
 * step runs again) and replayed from the compacted topic, and a second run must find nothing left to change and
 * write nothing.
 */
public interface CustomerErasure {

    /** Forgets what this feature knows about the person behind {@code customerId}; a second call changes nothing. */
    void forget(String customerId);
}
