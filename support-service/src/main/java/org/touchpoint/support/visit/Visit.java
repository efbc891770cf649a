package org.touchpoint.support.visit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.outbox.OutboxDocument;

/** A technician's visit (work order) for a case: scheduled → en-route → done, or cancelled. */
@Document("visits")
@CompoundIndex(name = "technicianDay", def = "{'technician': 1, 'windowStart': 1}")
@CompoundIndex(name = "case", def = "{'caseId': 1, '_id': 1}")
class Visit extends OutboxDocument {

    static final String SCHEDULED = "scheduled";
    static final String EN_ROUTE = "en-route";
    static final String DONE = "done";
    static final String CANCELLED = "cancelled";
    static final List<String> STATUSES = List.of(SCHEDULED, EN_ROUTE, DONE, CANCELLED);
    private static final Map<String, Set<String>> NEXT = Map.of(
            SCHEDULED, Set.of(EN_ROUTE, DONE, CANCELLED),
            EN_ROUTE, Set.of(DONE, CANCELLED),
            DONE, Set.of(),
            CANCELLED, Set.of());

    private String caseId;
    private String caseNumber;
    private String customerId;
    private String accountId;
    private String technician;
    private Instant windowStart;
    private Instant windowEnd;
    private Address address;
    private String notes;
    private String status;
    private String outcome;
    private List<Change> history = new ArrayList<>();
    private Instant createdAt;
    private Instant updatedAt;

    Visit() {
    }

    record Address(String line1, String line2, String city, String postalCode, String region, String country) {
    }

    record Change(Instant at, String actor, String from, String to, String note) {
    }

    static Visit schedule(String id, String caseId, String caseNumber, String customerId, String accountId, String technician,
                          Instant windowStart, Instant windowEnd, Address address, String notes, String actor, Instant now) {
        Visit v = new Visit();
        v.id = id;
        v.caseId = caseId;
        v.caseNumber = caseNumber;
        v.customerId = customerId;
        v.accountId = accountId;
        v.technician = technician;
        v.windowStart = windowStart;
        v.windowEnd = windowEnd;
        v.address = address;
        v.notes = notes;
        v.status = SCHEDULED;
        v.createdAt = now;
        v.updatedAt = now;
        v.history.add(new Change(now, actor, null, SCHEDULED, null));
        v.emit(v.touch(TouchKinds.VISIT_SCHEDULED, actor, now)
                .summary("Visit by " + technician + " scheduled for case " + caseNumber + " at " + windowStart).build());
        return v;
    }

    /**
     * Moves a scheduled visit to another window, technician or address; publishes {@code visit.scheduled} again
     * (with {@code rescheduled: true}) so the customer's timeline shows the new appointment.
     *
     * @throws IllegalStateException when the visit is no longer scheduled
     */
    boolean reschedule(String technician, Instant windowStart, Instant windowEnd, Address address, String notes,
                       String actor, Instant now) {
        if (!SCHEDULED.equals(status)) {
            throw new IllegalStateException("a visit that is " + status + " cannot be rescheduled");
        }
        boolean moved = !this.technician.equals(technician) || !this.windowStart.equals(windowStart) || !this.windowEnd.equals(windowEnd);
        boolean changed = moved || !java.util.Objects.equals(this.address, address) || !java.util.Objects.equals(this.notes, notes);
        if (!changed) {
            return false;
        }
        history.add(new Change(now, actor, SCHEDULED, SCHEDULED, "rescheduled: " + this.technician + " " + this.windowStart
                + " → " + technician + " " + windowStart));
        this.technician = technician;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.address = address;
        this.notes = notes;
        this.updatedAt = now;
        if (moved) {
            emit(touch(TouchKinds.VISIT_SCHEDULED, actor, now).attribute("rescheduled", true)
                    .summary("Visit by " + technician + " rescheduled for case " + caseNumber + " at " + windowStart).build());
        }
        return true;
    }

    String technician() { return technician; }
    Instant windowStart() { return windowStart; }
    Instant windowEnd() { return windowEnd; }
    Address address() { return address; }
    String notes() { return notes; }

    /** @throws IllegalStateException when the status machine does not allow it */
    void moveTo(String to, String note, String actor, Instant now) {
        if (!NEXT.getOrDefault(status, Set.of()).contains(to)) {
            throw new IllegalStateException("a visit cannot go from " + status + " to " + to
                    + (NEXT.get(status).isEmpty() ? " (it is final)" : "; from " + status + " it can go to " + NEXT.get(status)));
        }
        history.add(new Change(now, actor, status, to, note));
        status = to;
        updatedAt = now;
        if (DONE.equals(to)) {
            outcome = note;
            emit(touch(TouchKinds.VISIT_COMPLETED, actor, now).summary("Visit by " + technician + " done for case " + caseNumber)
                    .attribute("outcome", note).build());
        } else if (CANCELLED.equals(to)) {
            emit(touch(TouchKinds.VISIT_CANCELLED, actor, now).summary("Visit by " + technician + " cancelled for case " + caseNumber)
                    .attribute("reason", note).build());
        }
    }

    /** The customer was erased: the address and free text go; the technician, window and status stay. @return false if done already */
    boolean erasePersonalData() {
        if (address == null && notes == null && outcome == null && history.stream().allMatch(c -> c.note() == null)) {
            return false;
        }
        address = null;
        notes = null;
        outcome = null;
        history = new ArrayList<>(history.stream().map(c -> new Change(c.at(), c.actor(), c.from(), c.to(), null)).toList());
        return true;
    }

    private Touch.Builder touch(String kind, String actor, Instant now) {
        return Touch.builder(customerId, kind).accountId(accountId).channel(Channels.VISIT).occurredAt(now).actor(actor)
                .ref("caseId", caseId).ref("visitId", id).attribute("technician", technician)
                .attribute("windowStart", windowStart.toString()).attribute("windowEnd", windowEnd.toString())
                .attribute("number", caseNumber);
    }

    VisitController.VisitResponse toResponse() {
        return new VisitController.VisitResponse(id, caseId, caseNumber, customerId, technician, windowStart, windowEnd,
                address, notes, status, outcome, List.copyOf(history), createdAt, updatedAt, version == null ? 0 : version);
    }
}
