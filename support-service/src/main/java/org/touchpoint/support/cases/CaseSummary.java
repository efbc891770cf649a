package org.touchpoint.support.cases;

import java.time.Instant;

/** A case in a customer's history (the agent's context): what it was, how it went, how its SLA went. */
public record CaseSummary(String id, String number, String subject, String status, String priority, String queue,
                          String assignee, String accountId, String tier, boolean breached, String firstResponseSla, String resolutionSla,
                          Long firstResponseMinutes, Long resolutionMinutes, Integer satisfaction, Instant createdAt,
                          Instant resolvedAt) {

    static CaseSummary of(SupportCase c, Instant now) {
        SupportCase.CaseSla s = c.sla();
        return new CaseSummary(c.getId(), c.number(), c.subject(), c.status(), c.priority(), c.queue(), c.assignee(),
                c.accountId(), c.tier(), c.breached(), s == null ? null : s.firstResponse.state(), s == null ? null : s.resolution.state(),
                s == null || !s.firstResponse.stopped() ? null : c.firstResponseTime(now).toMinutes(),
                s == null || c.resolvedAt() == null ? null : c.resolutionTime(now).toMinutes(),
                c.survey() == null ? null : c.survey().score, c.createdAt(), c.resolvedAt());
    }

    public boolean active() {
        return CaseStatus.active(status);
    }
}
