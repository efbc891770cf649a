package org.touchpoint.analytics.fold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchAttributes;
import org.touchpoint.events.TouchKinds;

/** A customer's support: its cases (state of the latest event per case), SLA breaches, work and cost, satisfaction. */
public class SupportFigures {

    public List<SupportCase> cases = new ArrayList<>();
    public List<Amount> cost = new ArrayList<>();
    public long minutes;
    public long slaBreaches;
    public long slaWarnings;
    public long csatCount;
    public long csatSum;
    public Integer lastCsat;
    public Instant lastCsatAt;

    void apply(Touch t) {
        switch (t.kind()) {
            case TouchKinds.CASE_OPENED, TouchKinds.CASE_UPDATED, TouchKinds.CASE_ESCALATED, TouchKinds.CASE_RESOLVED,
                 TouchKinds.CASE_REOPENED, TouchKinds.CASE_CLOSED -> {
                SupportCase c = caseOf(t);
                if (c != null) {
                    c.apply(t);
                }
            }
            case TouchKinds.SLA_BREACHED, TouchKinds.SLA_WARNING -> sla(t);
            case TouchKinds.WORK_LOGGED -> {
                Amounts.add(cost, t.amount());
                Integer m = t.attrs().integer("minutes");
                if (m != null && m > 0) {
                    minutes += m;
                }
            }
            case TouchKinds.CSAT_RECEIVED -> {
                Integer score = t.attrs().integer("score");
                if (score != null && score >= 1 && score <= 5) {
                    csatCount++;
                    csatSum += score;
                    if (lastCsatAt == null || !t.occurredAt().isBefore(lastCsatAt)) {
                        lastCsatAt = t.occurredAt();
                        lastCsat = score;
                    }
                    SupportCase c = caseOf(t);
                    if (c != null) {
                        c.csat = score;
                    }
                }
            }
            default -> {
            }
        }
    }

    private void sla(Touch t) {
        boolean breach = TouchKinds.SLA_BREACHED.equals(t.kind());
        if (breach) {
            slaBreaches++;
        } else {
            slaWarnings++;
        }
        SupportCase c = caseOf(t);
        if (c == null) {
            return;
        }
        TouchAttributes a = t.attrs();
        c.tier = Lists.first(c.tier, a.text("tier"));
        c.priority = Lists.first(c.priority, a.text("priority"));
        if (breach) {
            String target = a.text("target");
            String name = target == null ? "unspecified" : target;
            if (!c.breachedTargets.contains(name)) {
                c.breachedTargets.add(name);
                c.breachedTargets.sort(Comparator.naturalOrder());
            }
        }
    }

    private SupportCase caseOf(Touch t) {
        String caseId = t.refs().get("caseId");
        return caseId == null ? null : Lists.entry(cases, c -> c.caseId, caseId, () -> new SupportCase(caseId));
    }

    public List<SupportCase> openCases() {
        return cases.stream().filter(c -> SupportCase.OPEN.equals(c.status)).toList();
    }

    public Double averageCsat() {
        return csatCount == 0 ? null : Math.round(csatSum * 100.0 / csatCount) / 100.0;
    }

    /** A support case as its touches describe it. */
    public static class SupportCase {
        public static final String OPEN = "open";
        public static final String RESOLVED = "resolved";
        public static final String CLOSED = "closed";

        public String caseId;
        public String number;
        public String subject;
        public String category;
        public String channel;
        public String priority;
        public String tier;
        public String status;
        public Instant openedAt;
        public Instant resolvedAt;
        public Instant stateAt;
        public Integer firstResponseMinutes;
        public Integer resolutionMinutes;
        public int escalations;
        public Integer csat;
        public List<String> breachedTargets = new ArrayList<>();

        SupportCase() {
        }

        SupportCase(String caseId) {
            this.caseId = caseId;
        }

        public boolean isUrgent() {
            return priority != null && (priority.equalsIgnoreCase("urgent") || priority.equalsIgnoreCase("critical")
                    || priority.equalsIgnoreCase("high"));
        }

        void apply(Touch t) {
            TouchAttributes a = t.attrs();
            Instant at = t.occurredAt();
            String kind = t.kind();
            number = Lists.first(number, a.text("number"));
            String priorityNow = a.text("priority");
            switch (kind) {
                case TouchKinds.CASE_OPENED -> {
                    subject = Lists.first(subject, a.text("subject"));
                    category = Lists.first(category, a.text("category"));
                    tier = Lists.first(a.text("tier"), tier);
                    openedAt = Lists.min(openedAt, at);
                    channel = t.channel();
                }
                case TouchKinds.CASE_ESCALATED -> escalations++;
                case TouchKinds.CASE_RESOLVED -> {
                    tier = Lists.first(a.text("tier"), tier);
                    if (resolvedAt == null || !at.isBefore(resolvedAt)) {
                        resolvedAt = at;
                        firstResponseMinutes = Lists.first(a.integer("firstResponseMinutes"), firstResponseMinutes);
                        resolutionMinutes = Lists.first(a.integer("resolutionMinutes"), resolutionMinutes);
                    }
                }
                default -> {
                }
            }
            if (stateAt == null || !at.isBefore(stateAt)) {
                stateAt = at;
                priority = Lists.first(priorityNow, priority);
                status = switch (kind) {
                    case TouchKinds.CASE_RESOLVED -> RESOLVED;
                    case TouchKinds.CASE_CLOSED -> CLOSED;
                    case TouchKinds.CASE_OPENED, TouchKinds.CASE_REOPENED -> OPEN;
                    case TouchKinds.CASE_UPDATED -> {
                        String s = a.text("status");
                        yield s == null ? (status == null ? OPEN : status) : normalise(s);
                    }
                    default -> status == null ? OPEN : status;
                };
            } else {
                priority = Lists.first(priority, priorityNow);
            }
        }

        private static String normalise(String status) {
            return switch (status.toLowerCase(Locale.ROOT)) {
                case "resolved" -> RESOLVED;
                case "closed" -> CLOSED;
                default -> OPEN;
            };
        }
    }
}
