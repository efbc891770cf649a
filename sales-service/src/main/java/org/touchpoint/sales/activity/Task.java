package org.touchpoint.sales.activity;

import java.time.Instant;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.kit.web.CrmApiException;

/**
 * Something a salesperson must do by a time ("call again on Thursday"). At the due time the reminder fires once:
 * {@link #fire} records it and emits {@code task.due} in the same write, so of several replicas racing on one task
 * only the one whose optimistic write lands fires it. Postponing (a new due time) arms the reminder again.
 * When the customer is erased the task loses its title and notes, an open one is cancelled (its reminder never fires:
 * nobody is to call a person who asked to be forgotten), and it can no longer be changed.
 */
@Document("tasks")
@CompoundIndex(name = "ownerDue", def = "{'ownerId': 1, 'dueAt': 1}")
@CompoundIndex(name = "customer", def = "{'customerId': 1, 'dueAt': 1}")
@CompoundIndex(name = "lead", def = "{'leadId': 1, '_id': 1}")
public class Task extends OutboxDocument {

    public static final String OPEN = "open";
    public static final String DONE = "done";
    public static final String CANCELLED = "cancelled";

    private String title;
    private String notes;
    private String customerId;
    private String leadId;
    private String opportunityId;
    private String ownerId;
    private Instant dueAt;
    private String status;
    /** The due time of a reminder still to fire; absent once fired, done or cancelled. The scheduler's index. */
    @Indexed(sparse = true)
    private Instant pendingDueAt;
    private Instant firedAt;
    private Instant completedAt;
    private Instant createdAt;
    private Instant updatedAt;
    /** When the customer's erasure redacted this task; absent while it is intact. */
    private Instant erasedAt;

    Task() {
    }

    static Task create(String id, TaskRequest r, Instant now) {
        Task t = new Task();
        t.id = id;
        t.customerId = r.customerId();
        t.leadId = r.leadId();
        t.opportunityId = r.opportunityId();
        t.status = OPEN;
        t.createdAt = now;
        t.apply(r, now);
        return t;
    }

    /** Changes the task; a new due time (a postponement) arms the reminder again. */
    void update(TaskRequest r, Instant now) {
        if (erasedAt != null) {
            throw CrmApiException.conflict("task " + id + " is about a customer who was erased; it can no longer change");
        }
        apply(r, now);
    }

    private void apply(TaskRequest r, Instant now) {
        boolean rescheduled = !r.dueAt().equals(dueAt);
        title = r.title().trim();
        notes = r.notes();
        ownerId = r.ownerId();
        dueAt = r.dueAt();
        String newStatus = r.status() == null ? status : r.status();
        if (!OPEN.equals(newStatus) && OPEN.equals(status)) {
            completedAt = now;
        }
        status = newStatus;
        if (!OPEN.equals(status)) {
            pendingDueAt = null;
        } else if (rescheduled || (pendingDueAt == null && firedAt == null)) {
            pendingDueAt = dueAt;
            firedAt = null;
            completedAt = null;
        }
        updatedAt = now;
    }

    /**
     * Fires the reminder if it is due and has not fired.
     *
     * @return true when it fired now (the caller writes the task with its touch)
     */
    boolean fire(Instant now) {
        if (!OPEN.equals(status) || pendingDueAt == null || pendingDueAt.isAfter(now)) {
            return false;
        }
        pendingDueAt = null;
        firedAt = now;
        emit(Touch.builder(customerId != null ? customerId : leadId, TouchKinds.TASK_DUE).channel(Channels.SYSTEM)
                .occurredAt(now).actor("system").ref("taskId", id).ref("leadId", leadId).ref("opportunityId", opportunityId)
                .summary("Task due: " + title)
                .attribute("title", title).attribute("dueAt", dueAt.toString()).attribute("ownerId", ownerId).build());
        return true;
    }

    /**
     * The customer was erased: the title and notes (free text about the person) go; an open task is cancelled and its
     * reminder disarmed. The owner, due time, status and timestamps stay for the salesperson's figures.
     *
     * @return false when it was already redacted (nothing to write)
     */
    boolean forgetPerson(Instant now) {
        if (erasedAt != null) {
            return false;
        }
        title = null;
        notes = null;
        if (OPEN.equals(status)) {
            status = CANCELLED;
            completedAt = now;
        }
        pendingDueAt = null;
        erasedAt = now;
        updatedAt = now;
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

    public TaskResponse toResponse(Instant now) {
        return new TaskResponse(id, title, notes, customerId, leadId, opportunityId, ownerId, dueAt, status,
                OPEN.equals(status) && dueAt.isBefore(now), firedAt, completedAt, createdAt, updatedAt, erasedAt, version == null ? 0 : version);
    }

    public record TaskResponse(String id, String title, String notes, String customerId, String leadId, String opportunityId,
                               String ownerId, Instant dueAt, String status, boolean overdue, Instant firedAt,
                               Instant completedAt, Instant createdAt, Instant updatedAt, Instant erasedAt, long version) {
    }

    Instant firedAt() {
        return firedAt;
    }

    String status() {
        return status;
    }
}
