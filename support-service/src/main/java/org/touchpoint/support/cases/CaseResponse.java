package org.touchpoint.support.cases;

import java.time.Instant;
import java.util.List;
import org.touchpoint.support.sla.SlaTimer;

/** A case as the API shows it. */
record CaseResponse(String id, String number, String customerId, String accountId, String tier, String subject,
                    String description, String channel, String priority, String category, String queue, String assignee,
                    String status, List<String> allowedTransitions, boolean breached, SlaView sla, SurveyView survey,
                    List<SupportCase.Comment> comments, List<SupportCase.HistoryEntry> history, Instant createdAt,
                    Instant updatedAt, Instant firstRespondedAt, Instant resolvedAt, Instant closedAt, long version) {

    record SlaView(String policyTier, String policyPriority, String firstResponseTarget, String resolutionTarget,
                   String calendarId, ClockView firstResponse, ClockView resolution) {
    }

    /** {@code state}: running, paused, met, breached; {@code elapsedMinutes} in business time when a calendar applies. */
    record ClockView(String state, Instant dueAt, long elapsedMinutes, Instant warnedAt, Instant breachedAt, Instant stoppedAt) {
        static ClockView of(SlaTimer t, long elapsedMinutes) {
            return new ClockView(t.state(), t.dueAt(), elapsedMinutes, t.warnedAt(), t.breachedAt(), t.stoppedAt());
        }
    }

    record SurveyView(String url, Instant expiresAt, Instant answeredAt, Integer score, String comment) {
    }

    static CaseResponse of(SupportCase c, Instant now) {
        SupportCase.CaseSla s = c.sla();
        SlaView sla = s == null ? null : new SlaView(s.policyTier, s.policyPriority, s.firstResponseTarget, s.resolutionTarget,
                s.calendar == null ? null : s.calendar.id(),
                ClockView.of(s.firstResponse, c.firstResponseTime(now).toMinutes()),
                ClockView.of(s.resolution, c.resolutionTime(now).toMinutes()));
        SupportCase.Survey v = c.survey();
        SurveyView survey = v == null ? null : new SurveyView(v.url, v.expiresAt, v.answeredAt, v.score, v.comment);
        return new CaseResponse(c.getId(), c.number(), c.customerId(), c.accountId(), c.tier(), c.subject(),
                c.description(), c.channel(), c.priority(), c.category(), c.queue(), c.assignee(), c.status(),
                CaseStatus.next(c.status()).stream().sorted().toList(), c.breached(), sla, survey,
                List.copyOf(c.comments()), List.copyOf(c.history()), c.createdAt(), c.updatedAt(), c.firstRespondedAt(),
                c.resolvedAt(), c.closedAt(), c.getVersion() == null ? 0 : c.getVersion());
    }
}
