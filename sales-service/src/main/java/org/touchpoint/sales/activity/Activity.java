package org.touchpoint.sales.activity;

import java.time.Instant;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.outbox.OutboxDocument;

/**
 * A call, meeting or email logged against a customer (or a lead): each one is a touch. When the customer is erased
 * the activity keeps what the figures count (type, when, how long, direction, owner, the deal and lead it belongs to)
 * and loses its free text ({@link #forgetPerson}).
 */
@Document("activities")
@CompoundIndex(name = "customer", def = "{'customerId': 1, 'occurredAt': -1}")
@CompoundIndex(name = "lead", def = "{'leadId': 1, '_id': 1}")
public class Activity extends OutboxDocument {

    private String type;
    private String customerId;
    private String leadId;
    private String accountId;
    private String opportunityId;
    private String subject;
    private String notes;
    private String outcome;
    private Integer durationMinutes;
    private String direction;
    private Instant occurredAt;
    private String ownerId;
    private String actor;
    private Instant createdAt;
    /** When the customer's erasure redacted this activity; absent while it is intact. */
    private Instant erasedAt;

    Activity() {
    }

    static Activity log(String id, ActivityRequest r, String actor, Instant now) {
        Activity a = new Activity();
        a.id = id;
        a.type = r.type();
        a.customerId = r.customerId();
        a.leadId = r.leadId();
        a.accountId = r.accountId();
        a.opportunityId = r.opportunityId();
        a.subject = r.subject().trim();
        a.notes = r.notes();
        a.outcome = r.outcome();
        a.durationMinutes = r.durationMinutes();
        a.direction = r.direction();
        a.occurredAt = r.occurredAt() == null ? now : r.occurredAt();
        a.ownerId = r.ownerId();
        a.actor = actor;
        a.createdAt = now;
        Touch.Builder touch = Touch.builder(a.customerId != null ? a.customerId : a.leadId, kindOf(a.type))
                .accountId(a.accountId).channel(channelOf(a.type)).occurredAt(a.occurredAt).actor(actor)
                .ref("activityId", id).ref("leadId", a.leadId).ref("opportunityId", a.opportunityId)
                .summary(label(a.type) + ": " + a.subject)
                .attribute("subject", a.subject);
        switch (a.type) {
            case "call" -> touch.attribute("outcome", a.outcome).attribute("durationMinutes", a.durationMinutes).attribute("direction", a.direction);
            case "meeting" -> touch.attribute("outcome", a.outcome).attribute("durationMinutes", a.durationMinutes);
            default -> touch.attribute("direction", a.direction);
        }
        a.emit(touch.build());
        return a;
    }

    /**
     * The customer was erased: the subject, the notes and the outcome (free text about the conversation and the
     * person) go; the type, times, duration, direction, owner and the ids it hangs on stay for the activity figures.
     *
     * @return false when it was already redacted (nothing to write)
     */
    boolean forgetPerson(Instant now) {
        if (erasedAt != null) {
            return false;
        }
        subject = null;
        notes = null;
        outcome = null;
        erasedAt = now;
        return true;
    }

    boolean erased() {
        return erasedAt != null;
    }

    String customerId() {
        return customerId;
    }

    String leadId() {
        return leadId;
    }

    static String kindOf(String type) {
        return switch (type) {
            case "call" -> TouchKinds.CALL_LOGGED;
            case "meeting" -> TouchKinds.MEETING_LOGGED;
            default -> TouchKinds.EMAIL_LOGGED;
        };
    }

    static String channelOf(String type) {
        return switch (type) {
            case "call" -> Channels.PHONE;
            case "meeting" -> Channels.VISIT;
            default -> Channels.EMAIL;
        };
    }

    private static String label(String type) {
        return switch (type) {
            case "call" -> "Call";
            case "meeting" -> "Meeting";
            default -> "Email";
        };
    }

    public ActivityResponse toResponse() {
        return new ActivityResponse(id, type, customerId, leadId, accountId, opportunityId, subject, notes, outcome,
                durationMinutes, direction, occurredAt, ownerId, actor, createdAt, erasedAt);
    }

    public record ActivityResponse(String id, String type, String customerId, String leadId, String accountId,
                                   String opportunityId, String subject, String notes, String outcome,
                                   Integer durationMinutes, String direction, Instant occurredAt, String ownerId,
                                   String actor, Instant createdAt, Instant erasedAt) {
    }
}
