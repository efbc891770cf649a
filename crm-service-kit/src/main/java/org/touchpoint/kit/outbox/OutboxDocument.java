package org.touchpoint.kit.outbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.annotation.Version;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;

/**
 * A MongoDB document that carries the events its changes cause. Domain methods call {@link #emit(Touch)}
 * (and the profile variants); {@link OutboxStore} writes the state and those events in ONE single-document
 * write, then publishes them. No multi-document transaction is needed, so this works on any MongoDB.
 *
 * <p>The persisted {@code outbox} array is owned by the store and the relay: a save never rewrites it,
 * it only appends the newly emitted events, so a published event can never be resurrected by a save of
 * a stale copy.
 */
public abstract class OutboxDocument {

    public static final String OUTBOX_FIELD = "outbox";
    /** Events Kafka refused for good, moved out of the outbox by the relay with the reason (never rewritten by a save). */
    public static final String PARKED_FIELD = "outboxParked";
    public static final String VERSION_FIELD = "version";

    @Id
    protected String id;

    @Version
    protected Long version;

    /** Written only by the store (append) and the relay (remove published ids). */
    private List<OutboxMessage> outbox = new ArrayList<>();

    /** Written only by the relay. */
    private List<org.bson.Document> outboxParked;

    @Transient
    private final List<Emitted> emitted = new ArrayList<>();

    public String getId() {
        return id;
    }

    public Long getVersion() {
        return version;
    }

    /** Events still waiting to be published (as last read from the database). */
    public List<OutboxMessage> pendingOutbox() {
        return outbox == null ? List.of() : Collections.unmodifiableList(outbox);
    }

    protected final void emit(Touch touch) {
        emitted.add(new Emitted(Topics.TOUCHES, touch.customerId(), touch));
    }

    protected final void emitProfile(CustomerProfile profile) {
        emitted.add(new Emitted(Topics.CUSTOMER_PROFILES, profile.customerId(), profile));
    }

    /** A null value on the compacted profile topic: this customer is gone from every view. */
    protected final void emitProfileTombstone(String customerId) {
        emitted.add(new Emitted(Topics.CUSTOMER_PROFILES, customerId, null));
    }

    /** The events emitted since this object was loaded or last saved. */
    public List<Emitted> emitted() {
        return Collections.unmodifiableList(emitted);
    }

    /**
     * As if this document had just been written at {@code version} and read back: no emitted events pending.
     * For domain tests that exercise a change on an existing document without a database.
     */
    public void markPersisted(long version) {
        this.version = version;
        emitted.clear();
    }

    void clearEmitted() {
        emitted.clear();
    }

    void setOutbox(List<OutboxMessage> outbox) {
        this.outbox = outbox;
    }

    /** Events Kafka refused for good (as last read): event id, type, topic, reason, time. */
    public List<org.bson.Document> parkedOutbox() {
        return outboxParked == null ? List.of() : Collections.unmodifiableList(outboxParked);
    }

    void setVersion(Long version) {
        this.version = version;
    }

    /** An event emitted by a domain method: topic, key and payload (a Touch, a CustomerProfile, or null for a tombstone). */
    public record Emitted(String topic, String key, Object payload) {
    }
}
