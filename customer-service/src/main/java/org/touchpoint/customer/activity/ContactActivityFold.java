package org.touchpoint.customer.activity;

import org.springframework.stereotype.Component;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchContract;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.Fold;
import org.touchpoint.kit.folding.FoldContext;
import org.touchpoint.kit.folding.FoldOutcome;

/**
 * Folds crm.touches into one {@link ContactActivity} per contact. Interactions count; administrative touches
 * (channel {@code system}) and account-level touches do not. A contact deleted or erased is forgotten, by the
 * {@code contact.deleted} / {@code customer.erased} touch this service publishes itself or by the profile tombstone,
 * whichever comes first: no later or redelivered touch brings its activity back.
 */
@Component
class ContactActivityFold implements Fold<ContactActivity> {

    /**
     * A new collection, not the old handler's {@code contact_activity}: this fold's consumer group replays the log from
     * the beginning, and folding that replay into the documents the old handler counted would count every touch
     * twice. The replay rebuilds the activity here, exactly; {@code contact_activity} can then be dropped.
     */
    static final String COLLECTION = "contact_activity_v2";

    @Override
    public String name() {
        return "contact-activity";
    }

    @Override
    public Class<ContactActivity> type() {
        return ContactActivity.class;
    }

    @Override
    public String collection() {
        return COLLECTION;
    }

    @Override
    public ContactActivity create(String id) {
        return new ContactActivity(id);
    }

    @Override
    public String viewIdOf(CrmEvent<Touch> event) {
        Touch touch = event.data();
        if (gone(touch)) {
            return touch.customerId();
        }
        if (Channels.SYSTEM.equals(touch.channel()) || TouchContract.isAccountLevel(touch.kind())) {
            return null; // not an interaction with a contact: no read, no write
        }
        return touch.customerId();
    }

    @Override
    public FoldOutcome apply(ContactActivity activity, CrmEvent<Touch> event, FoldContext context) {
        if (gone(event.data())) {
            return FoldOutcome.FORGET;
        }
        activity.count(event.data());
        return FoldOutcome.CHANGED;
    }

    /** Snapshots say nothing about activity; a tombstone (the contact deleted or erased) forgets it. */
    @Override
    public String viewIdOfProfile(String customerId, CrmEvent<CustomerProfile> profile) {
        return profile == null ? customerId : null;
    }

    private static boolean gone(Touch touch) {
        return TouchKinds.CONTACT_DELETED.equals(touch.kind()) || TouchKinds.CUSTOMER_ERASED.equals(touch.kind());
    }
}
