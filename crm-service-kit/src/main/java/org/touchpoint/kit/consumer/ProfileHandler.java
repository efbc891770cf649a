package org.touchpoint.kit.consumer;

import org.touchpoint.events.EventCodec.ProfileRecord;

/**
 * A service's reaction to the compacted {@code crm.customer-profiles} topic: a newer snapshot of a customer,
 * or a tombstone ({@link ProfileRecord#erased()}). Keep the highest profile version seen.
 */
@FunctionalInterface
public interface ProfileHandler {

    void onProfile(ProfileRecord record);
}
