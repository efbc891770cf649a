package org.touchpoint.support.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.support.SupportCatalog;
import org.touchpoint.support.sla.AppliedPolicy;
import org.touchpoint.support.sla.CalendarSpec;
import org.touchpoint.support.sla.SlaTimer;

/**
 * A support case. Its comments and its history (every status, assignment, priority and queue change, escalations
 * and SLA events) are kept for good in the document. Its two SLA clocks run under the policy of its tier and
 * priority at opening, pause while the case waits for the customer, and are checked by the scheduler through
 * {@link #nextSlaCheckAt} (indexed). Every change emits its touch, written with the case in one write.
 */
@Document("cases")
@CompoundIndex(name = "customer", def = "{'customerId': 1, '_id': 1}")
@CompoundIndex(name = "status", def = "{'status': 1, '_id': 1}")
@CompoundIndex(name = "queue", def = "{'queue': 1, '_id': 1}")
@CompoundIndex(name = "assignee", def = "{'assignee': 1, '_id': 1}")
@CompoundIndex(name = "created", def = "{'createdAt': 1}")
public class SupportCase extends OutboxDocument {

    @Indexed(unique = true)
    private String number;
    private String customerId;
    private String accountId;
    private String tier;
    private String subject;
    private String description;
    private String channel;
    private String priority;
    private String category;
    private String queue;
    private String assignee;
    private String status;
    private List<Comment> comments = new ArrayList<>();
    private List<HistoryEntry> history = new ArrayList<>();
    private CaseSla sla;
    /** The earliest pending SLA warning or breach; null when none is pending. The scheduler's indexed query. */
    @Indexed(sparse = true)
    private Instant nextSlaCheckAt;
    private boolean breached;
    private Survey survey;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant firstRespondedAt;
    private Instant resolvedAt;
    private Instant closedAt;
    private Instant erasedAt;

    SupportCase() {
    }

    /** A comment on the case; internal ones are for agents only. */
    record Comment(String id, Instant at, String author, String visibility, boolean fromCustomer, String body) {
    }

    /** One permanent history line: {@code type} status, assignment, priority, queue, escalation, sla-warning, sla-breach, survey. */
    record HistoryEntry(Instant at, String actor, String type, String from, String to, String note) {
    }

    /** The SLA of the case: the policy it opened under and its two clocks. */
    static class CaseSla {
        String policyTier;
        String policyPriority;
        String firstResponseTarget;
        String resolutionTarget;
        CalendarSpec calendar;
        double warnShare;
        SlaTimer firstResponse;
        SlaTimer resolution;

        CaseSla() {
        }
    }

    /** The satisfaction survey issued on resolution; answered once. */
    static class Survey {
        String url;
        String token;
        Instant issuedAt;
        Instant expiresAt;
        Instant answeredAt;
        Integer score;
        String comment;

        Survey() {
        }
    }

    record Opening(String customerId, String accountId, String tier, String subject, String description, String channel,
                   String priority, String category, String queue, String assignee) {
    }

    static SupportCase open(String id, String number, Opening o, AppliedPolicy policy, double warnShare, String actor, Instant now) {
        SupportCase c = new SupportCase();
        c.id = id;
        c.number = number;
        c.customerId = o.customerId();
        c.accountId = o.accountId();
        c.tier = o.tier();
        c.subject = o.subject();
        c.description = o.description();
        c.channel = o.channel();
        c.priority = o.priority();
        c.category = o.category();
        c.queue = o.queue();
        c.assignee = o.assignee();
        c.status = CaseStatus.NEW;
        c.createdAt = now;
        c.updatedAt = now;
        c.history.add(new HistoryEntry(now, actor, "status", null, CaseStatus.NEW, "opened via " + o.channel()));
        if (o.assignee() != null) {
            c.history.add(new HistoryEntry(now, actor, "assignment", null, o.assignee(), null));
        }
        CaseSla sla = new CaseSla();
        sla.policyTier = policy.tier();
        sla.policyPriority = policy.priority();
        sla.firstResponseTarget = policy.firstResponse().toString();
        sla.resolutionTarget = policy.resolution().toString();
        sla.calendar = policy.calendar();
        sla.warnShare = warnShare;
        sla.firstResponse = SlaTimer.start(policy.firstResponse(), now, policy.calendar(), warnShare);
        sla.resolution = SlaTimer.start(policy.resolution(), now, policy.calendar(), warnShare);
        c.sla = sla;
        c.reschedule();
        c.emit(c.touch(TouchKinds.CASE_OPENED, actor, now).channel(o.channel())
                .summary("Case " + number + " opened: " + o.subject())
                .attribute("subject", o.subject()).attribute("priority", o.priority()).attribute("category", o.category())
                .attribute("queue", o.queue()).attribute("status", CaseStatus.NEW).attribute("tier", o.tier()).build());
        return c;
    }

    record Changes(String subject, String description, String priority, String category, String queue, String assignee) {
    }

    /** Applies the given fields (null = unchanged; an empty assignee unassigns). @return the fields that changed */
    List<String> update(Changes ch, String actor, Instant now) {
        requireNotClosed();
        List<String> changed = new ArrayList<>();
        if (ch.subject() != null && !ch.subject().equals(subject)) {
            subject = ch.subject();
            changed.add("subject");
        }
        if (ch.description() != null && !ch.description().equals(description)) {
            description = ch.description();
            changed.add("description");
        }
        if (ch.category() != null && !ch.category().equals(category)) {
            category = ch.category();
            changed.add("category");
        }
        if (ch.priority() != null && !ch.priority().equals(priority)) {
            history.add(new HistoryEntry(now, actor, "priority", priority, ch.priority(), null));
            priority = ch.priority();
            changed.add("priority");
        }
        if (ch.queue() != null && !ch.queue().equals(queue)) {
            history.add(new HistoryEntry(now, actor, "queue", queue, ch.queue(), null));
            queue = ch.queue();
            changed.add("queue");
        }
        if (ch.assignee() != null) {
            String to = ch.assignee().isBlank() ? null : ch.assignee();
            if (!Objects.equals(to, assignee)) {
                history.add(new HistoryEntry(now, actor, "assignment", assignee, to, null));
                assignee = to;
                changed.add("assignee");
            }
        }
        if (!changed.isEmpty()) {
            updatedAt = now;
            emitUpdated(changed, actor, now);
        }
        return changed;
    }

    /** Moves the case to another status, or throws {@link IllegalTransition}. */
    void moveTo(String to, String note, String actor, Instant now) {
        if (!CaseStatus.allowed(status, to)) {
            throw new IllegalTransition(status, to);
        }
        String from = status;
        status = to;
        updatedAt = now;
        history.add(new HistoryEntry(now, actor, "status", from, to, note));
        CalendarSpec cal = sla == null ? null : sla.calendar;
        switch (to) {
            case CaseStatus.PENDING_CUSTOMER -> {
                recordFirstResponse(now);
                if (sla != null) {
                    sla.resolution.pause(now, cal);
                }
                emitUpdated(List.of("status"), actor, now);
            }
            case CaseStatus.OPEN -> {
                resumeClocks(now);
                emitUpdated(List.of("status"), actor, now);
            }
            case CaseStatus.REOPENED -> {
                resolvedAt = null;
                resumeClocks(now);
                emit(touch(TouchKinds.CASE_REOPENED, actor, now).summary("Case " + number + " reopened").build());
            }
            case CaseStatus.RESOLVED -> {
                recordFirstResponse(now);
                resolvedAt = now;
                if (sla != null) {
                    sla.resolution.stop(now, cal);
                }
                Touch.Builder t = touch(TouchKinds.CASE_RESOLVED, actor, now).summary("Case " + number + " resolved")
                        .attribute("tier", tier);
                if (sla != null) {
                    t.attribute("firstResponseMinutes", sla.firstResponse.consumed(now, cal).toMinutes())
                            .attribute("resolutionMinutes", sla.resolution.consumed(now, cal).toMinutes());
                }
                emit(t.build());
            }
            case CaseStatus.CLOSED -> {
                closedAt = now;
                if (sla != null) {
                    sla.firstResponse.stop(now, cal);
                    sla.resolution.stop(now, cal);
                }
                emit(touch(TouchKinds.CASE_CLOSED, actor, now).summary("Case " + number + " closed").build());
            }
            default -> emitUpdated(List.of("status"), actor, now);
        }
        reschedule();
    }

    private void resumeClocks(Instant now) {
        if (sla == null) {
            return;
        }
        if (!sla.firstResponse.stopped()) {
            sla.firstResponse.resume(now, sla.calendar, sla.warnShare);
        }
        sla.resolution.resume(now, sla.calendar, sla.warnShare);
    }

    private void recordFirstResponse(Instant now) {
        if (firstRespondedAt == null) {
            firstRespondedAt = now;
        }
        if (sla != null) {
            sla.firstResponse.stop(now, sla.calendar);
        }
    }

    /**
     * Adds a comment. A public comment by an agent is the first response if none was given yet; a comment from the
     * customer on a case waiting for them puts the case back to open (the clock runs again).
     */
    Comment comment(String commentId, String body, String visibility, boolean fromCustomer, String actor, Instant now) {
        requireNotClosed();
        Comment c = new Comment(commentId, now, actor, visibility, fromCustomer, body);
        comments.add(c);
        updatedAt = now;
        List<String> changed = new ArrayList<>(List.of("comments"));
        if ("public".equals(visibility) && !fromCustomer) {
            recordFirstResponse(now);
        }
        if (fromCustomer && CaseStatus.PENDING_CUSTOMER.equals(status)) {
            history.add(new HistoryEntry(now, actor, "status", status, CaseStatus.OPEN, "the customer answered"));
            status = CaseStatus.OPEN;
            resumeClocks(now);
            changed.add("status");
        }
        reschedule();
        emitUpdated(changed, actor, now);
        return c;
    }

    /** Priority up one level and into the escalation queue, with its touch and history line. */
    void escalate(String reason, String escalationQueue, String actor, Instant now) {
        requireNotClosed();
        String fromPriority = priority;
        String fromQueue = queue;
        priority = SupportCatalog.raise(priority);
        queue = escalationQueue;
        updatedAt = now;
        history.add(new HistoryEntry(now, actor, "escalation", fromPriority + "/" + fromQueue, priority + "/" + queue, reason));
        emit(touch(TouchKinds.CASE_ESCALATED, actor, now)
                .summary("Case " + number + " escalated (" + reason + "): " + fromPriority + " → " + priority)
                .attribute("reason", reason).attribute("fromPriority", fromPriority).attribute("queue", queue).build());
    }

    /**
     * What the SLA scheduler does to a due case: a warning at the warn share of a target, and on breach the
     * {@code sla.breached} touch, the breach recorded and an escalation. Each fires once: the clock remembers it,
     * and the save that records it is optimistic, so a racing replica's save fails and it fires nothing.
     *
     * @return true when something fired (the case must be saved)
     */
    boolean checkSla(Instant now, String escalationQueue) {
        if (sla == null) {
            return false;
        }
        boolean fired = false;
        fired |= checkTimer("first-response", sla.firstResponse, now, escalationQueue);
        fired |= checkTimer("resolution", sla.resolution, now, escalationQueue);
        reschedule();
        return fired;
    }

    private boolean checkTimer(String target, SlaTimer timer, Instant now, String escalationQueue) {
        if (timer.breachDue(now)) {
            timer.markBreached(now);
            breached = true;
            history.add(new HistoryEntry(now, "system", "sla-breach", null, target, "due " + timer.dueAt()));
            emit(slaTouch(TouchKinds.SLA_BREACHED, target, timer, now)
                    .summary("Case " + number + ": " + target + " SLA breached (due " + timer.dueAt() + ")").build());
            escalate("sla-breach", escalationQueue, "system", now);
            return true;
        }
        if (timer.warningDue(now)) {
            timer.markWarned(now);
            history.add(new HistoryEntry(now, "system", "sla-warning", null, target, "due " + timer.dueAt()));
            emit(slaTouch(TouchKinds.SLA_WARNING, target, timer, now)
                    .summary("Case " + number + ": " + target + " SLA due at " + timer.dueAt()).build());
            return true;
        }
        return false;
    }

    private Touch.Builder slaTouch(String kind, String target, SlaTimer timer, Instant now) {
        return Touch.builder(customerId, kind).accountId(accountId).channel(Channels.SYSTEM).occurredAt(now).actor("system")
                .ref("caseId", id).attribute("target", target).attribute("tier", tier)
                .attribute("priority", sla.policyPriority).attribute("dueAt", timer.dueAt().toString())
                .attribute("number", number);
    }

    /** Issues (or re-issues, when unanswered) the satisfaction survey link. */
    void issueSurvey(String token, String url, Instant expiresAt, Instant now) {
        if (survey != null && survey.answeredAt != null) {
            return; // one answer per case
        }
        survey = new Survey();
        survey.token = token;
        survey.url = url;
        survey.issuedAt = now;
        survey.expiresAt = expiresAt;
    }

    /**
     * True when {@code token} is this case's current survey link: a link the case no longer holds (the customer was
     * erased, or a newer link replaced it) is refused even though its signature is still valid.
     */
    boolean holdsSurveyToken(String token) {
        return erasedAt == null && survey != null && survey.token != null && token != null
                && java.security.MessageDigest.isEqual(survey.token.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    boolean surveyAnswered() {
        return survey != null && survey.answeredAt != null;
    }

    void answerSurvey(int score, String comment, Instant now) {
        if (surveyAnswered()) {
            throw new IllegalStateException("the survey of case " + number + " was answered already");
        }
        if (survey == null) {
            survey = new Survey();
            survey.issuedAt = now;
        }
        survey.answeredAt = now;
        survey.score = score;
        survey.comment = comment;
        history.add(new HistoryEntry(now, "customer", "survey", null, String.valueOf(score), null));
        emit(Touch.builder(customerId, TouchKinds.CSAT_RECEIVED).accountId(accountId).channel(Channels.WEB).occurredAt(now)
                .actor("customer").summary("Satisfaction " + score + "/5 for case " + number).ref("caseId", id)
                .attribute("score", score).attribute("comment", comment).attribute("number", number).build());
    }

    /**
     * The customer was erased: free text that may carry personal data goes (subject, description, comments, notes,
     * the survey's comment and link); the facts needed for SLA compliance and billing stay (number, status,
     * priority, clocks, score). Idempotent; emits nothing.
     *
     * @return false when it was erased already
     */
    boolean erasePersonalData(Instant now) {
        if (erasedAt != null) {
            return false;
        }
        erasedAt = now;
        subject = ERASED;
        description = null;
        comments = new ArrayList<>(comments.stream().map(c -> new Comment(c.id(), c.at(), c.author(), c.visibility(), c.fromCustomer(), ERASED)).toList());
        history = new ArrayList<>(history.stream().map(h -> new HistoryEntry(h.at(), h.actor(), h.type(), h.from(), h.to(), null)).toList());
        if (survey != null) {
            survey.comment = null;
            survey.token = null;
            survey.url = null;
        }
        return true;
    }

    static final String ERASED = "[erased]";

    private void requireNotClosed() {
        if (CaseStatus.CLOSED.equals(status)) {
            throw new IllegalTransition(status, "changed");
        }
    }

    private void reschedule() {
        if (sla == null) {
            nextSlaCheckAt = null;
            return;
        }
        Instant a = sla.firstResponse.nextCheck();
        Instant b = sla.resolution.nextCheck();
        nextSlaCheckAt = a == null ? b : b == null ? a : (a.isBefore(b) ? a : b);
    }

    private void emitUpdated(List<String> changed, String actor, Instant now) {
        emit(touch(TouchKinds.CASE_UPDATED, actor, now).summary("Case " + number + " updated: " + String.join(", ", changed))
                .attribute("changed", List.copyOf(changed)).attribute("status", status).attribute("queue", queue)
                .attribute("assignee", assignee).build());
    }

    private Touch.Builder touch(String kind, String actor, Instant now) {
        return Touch.builder(customerId, kind).accountId(accountId).channel(Channels.SYSTEM).occurredAt(now).actor(actor)
                .ref("caseId", id).attribute("number", number).attribute("priority", priority);
    }

    /** A status change the machine does not allow. */
    static final class IllegalTransition extends RuntimeException {
        IllegalTransition(String from, String to) {
            super(CaseStatus.CLOSED.equals(from) && "changed".equals(to)
                    ? "a closed case cannot be changed"
                    : "a case cannot go from " + from + " to " + to + "; from " + from + " it can go to " + CaseStatus.next(from));
        }
    }

    // read access for the service, the responses and the scheduler

    String number() { return number; }
    String customerId() { return customerId; }
    String accountId() { return accountId; }
    String tier() { return tier; }
    String subject() { return subject; }
    String description() { return description; }
    String channel() { return channel; }
    String priority() { return priority; }
    String category() { return category; }
    String queue() { return queue; }
    String assignee() { return assignee; }
    String status() { return status; }
    List<Comment> comments() { return comments; }
    List<HistoryEntry> history() { return history; }
    CaseSla sla() { return sla; }
    boolean breached() { return breached; }
    Survey survey() { return survey; }
    Instant createdAt() { return createdAt; }
    Instant updatedAt() { return updatedAt; }
    Instant firstRespondedAt() { return firstRespondedAt; }
    Instant resolvedAt() { return resolvedAt; }
    Instant closedAt() { return closedAt; }
    Instant nextSlaCheckAt() { return nextSlaCheckAt; }

    Duration firstResponseTime(Instant now) {
        return sla == null ? null : sla.firstResponse.consumed(now, sla.calendar);
    }

    Duration resolutionTime(Instant now) {
        return sla == null ? null : sla.resolution.consumed(now, sla.calendar);
    }
}
