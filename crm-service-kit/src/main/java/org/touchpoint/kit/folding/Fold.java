package org.touchpoint.kit.folding;

import java.util.List;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Touch;

/**
 * One view a service folds from {@code crm.touches} and {@code crm.customer-profiles}: which document each event
 * changes, and how. Declare it as a bean and the kit's folding listener feeds it in batches through the
 * {@link FoldEngine}: one read and one write per document per batch, events of one customer in order, each event
 * applied once per document however often it is delivered, poison events to the dead-letter topic.
 *
 * <p>{@code apply*} methods change the view in memory and answer what they did; they must be deterministic (a
 * redelivered batch recomputes the same result) and must not write to the database themselves: what else a fold
 * writes goes through the {@link FoldContext} so that it is written with the batch.
 */
public interface Fold<V extends FoldedView> {

    /** A short name for metrics and logs, e.g. {@code sales-customers}. */
    String name();

    Class<V> type();

    /** The collection of the views; asked once per batch (analytics switches generations). */
    String collection();

    /** A new, empty view (the first event about a customer creates it). */
    V create(String id);

    /** The id of the view a touch changes, or null when this fold ignores the touch. */
    String viewIdOf(CrmEvent<Touch> touch);

    FoldOutcome apply(V view, CrmEvent<Touch> touch, FoldContext context);

    /**
     * The id of the view a profile snapshot or tombstone changes, or null (the default) to ignore profiles.
     *
     * @param profile the snapshot, or null for a tombstone
     */
    default String viewIdOfProfile(String customerId, CrmEvent<CustomerProfile> profile) {
        return null;
    }

    /** A profile snapshot. Keep the highest version: an older or equal one must answer UNCHANGED. */
    default FoldOutcome applyProfile(V view, CrmEvent<CustomerProfile> profile, FoldContext context) {
        return FoldOutcome.UNCHANGED;
    }

    /** A tombstone on the profile topic: the customer was erased. Forgets the view unless overridden. */
    default FoldOutcome applyTombstone(V view, FoldContext context) {
        return FoldOutcome.FORGET;
    }

    /**
     * What the view adds to this service's aggregates (dashboards), as a function of its state; the engine keeps
     * the aggregate documents equal to the sum over every view, exactly once, whatever is redelivered. Only
     * called when {@link #aggregates()} is true.
     */
    default Contribution contribution(V view) {
        return Contribution.NONE;
    }

    /** True when this fold maintains aggregates (its {@link #contribution} or {@link FoldContext#increment}). */
    default boolean aggregates() {
        return false;
    }

    /** The collection of this fold's aggregate documents. */
    default String aggregateCollection() {
        return collection() + "_aggregates";
    }

    /** After a batch was written: the views it changed (forgotten ones included). Not called for unchanged views. */
    default void written(List<V> views) {
    }
}
