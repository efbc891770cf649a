package org.touchpoint.support.worklog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Money;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.outbox.OutboxDocument;

/**
 * Time an agent spent on a case, at an hourly rate: its cost is minutes × rate ÷ 60, rounded to the cent.
 * Amounts are kept as decimal strings and summed as BigDecimal per currency.
 */
@Document("work_logs")
@CompoundIndex(name = "case", def = "{'caseId': 1, '_id': 1}")
@CompoundIndex(name = "customer", def = "{'customerId': 1, '_id': 1}")
class WorkLog extends OutboxDocument {

    private String caseId;
    private String caseNumber;
    private String customerId;
    private String accountId;
    private String agent;
    private int minutes;
    private String ratePerHour;
    private String currency;
    private String cost;
    private String note;
    private Instant workedAt;
    private Instant createdAt;
    private String createdBy;

    WorkLog() {
    }

    static BigDecimal cost(int minutes, BigDecimal ratePerHour) {
        return ratePerHour.multiply(BigDecimal.valueOf(minutes)).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
    }

    static WorkLog record(String id, String caseId, String caseNumber, String customerId, String accountId, String agent,
                          int minutes, BigDecimal ratePerHour, String currency, String note, Instant workedAt,
                          String actor, Instant now) {
        WorkLog w = new WorkLog();
        w.id = id;
        w.caseId = caseId;
        w.caseNumber = caseNumber;
        w.customerId = customerId;
        w.accountId = accountId;
        w.agent = agent;
        w.minutes = minutes;
        w.ratePerHour = ratePerHour.toPlainString();
        w.currency = currency;
        w.cost = cost(minutes, ratePerHour).toPlainString();
        w.note = note;
        w.workedAt = workedAt == null ? now : workedAt;
        w.createdAt = now;
        w.createdBy = actor;
        w.emit(Touch.builder(customerId, TouchKinds.WORK_LOGGED).accountId(accountId).channel(Channels.SYSTEM)
                .occurredAt(w.workedAt).actor(actor)
                .summary(agent + " worked " + minutes + " min on case " + caseNumber)
                .ref("caseId", caseId).ref("workLogId", id)
                .amount(new Money(w.cost, currency))
                .attribute("agent", agent).attribute("minutes", minutes).attribute("number", caseNumber)
                .attribute("ratePerHour", w.ratePerHour).build());
        return w;
    }

    String caseId() { return caseId; }
    String caseNumber() { return caseNumber; }
    int minutes() { return minutes; }
    String currency() { return currency; }
    BigDecimal costValue() { return new BigDecimal(cost); }

    WorkLogController.WorkLogResponse toResponse() {
        return new WorkLogController.WorkLogResponse(id, caseId, caseNumber, customerId, agent, minutes,
                new Money(ratePerHour, currency), new Money(cost, currency), note, workedAt, createdAt, createdBy);
    }
}
