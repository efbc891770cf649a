package org.touchpoint.marketing.campaign;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Money;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.kit.web.CrmApiException;

/**
 * A campaign and its life: draft → (scheduled →) running → completed, or cancelled. Launching materialises the
 * recipients exactly once: the launch is a versioned write, so a second launch (or a racing replica) is refused.
 */
@Document("campaigns")
@CompoundIndex(name = "due", def = "{'status': 1, 'scheduledAt': 1}")
public class Campaign extends OutboxDocument {

    public static final String DRAFT = "draft";
    public static final String SCHEDULED = "scheduled";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String CANCELLED = "cancelled";

    private String name;
    private String objective;
    private String channel;
    private String segmentId;
    private String offerCode;
    private String offerName;
    private String subject;
    private String body;
    private String landingUrl;
    private Instant scheduledAt;
    private Money budget;
    private Money costPerMessage;
    private boolean excludeOpenUrgentCase;
    private List<Cost> costs = new ArrayList<>();
    private String status;
    private Recipients recipients;
    private boolean materialised;
    private String createdBy;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant launchedAt;
    /** The W3C trace context of the launch request: the messages are sent, later and elsewhere, within that trace. */
    private String launchTraceparent;
    private Instant completedAt;
    private Instant cancelledAt;

    /** A cost actually incurred. */
    public record Cost(String description, Money amount, Instant at, String actor) {
    }

    /** Who the launch selected and who it left out, by reason. */
    public record Recipients(long selected, long noConsent, long noAddress, long frequencyCapped, long openUrgentCase, long unknown) {
    }

    Campaign() {
    }

    static Campaign create(String id, CampaignRequest r, String offerName, String landingUrl, String actor, Instant now) {
        Campaign c = new Campaign();
        c.id = id;
        c.status = DRAFT;
        c.createdBy = actor;
        c.createdAt = now;
        c.apply(r, offerName, landingUrl, now);
        return c;
    }

    void update(CampaignRequest r, String offerName, String landingUrl, Instant now) {
        if (!DRAFT.equals(status)) {
            throw CrmApiException.conflict("campaign " + id + " is " + status + ": only a draft can be edited");
        }
        apply(r, offerName, landingUrl, now);
    }

    private void apply(CampaignRequest r, String offerName, String landingUrl, Instant now) {
        name = r.name().strip();
        objective = r.objective();
        channel = r.channel();
        segmentId = r.segmentId();
        offerCode = r.offerCode();
        this.offerName = offerName;
        subject = r.template().subject();
        body = r.template().body();
        this.landingUrl = landingUrl;
        scheduledAt = r.scheduledAt();
        budget = money(r.budget());
        costPerMessage = money(r.costPerMessage());
        excludeOpenUrgentCase = r.exclusions() != null && Boolean.TRUE.equals(r.exclusions().openUrgentCase());
        updatedAt = now;
    }

    static Money money(CampaignRequest.MoneyRequest m) {
        return m == null ? null : new Money(new BigDecimal(m.amount()).toPlainString(), m.currency());
    }

    /**
     * Launches: running now (the caller then materialises the recipients), or scheduled when {@code scheduledAt}
     * is still ahead. @return true when the recipients are to be materialised now
     *
     * @param traceparent the trace of the launch request (or null): every message's touches continue it
     */
    boolean launch(Instant now, String traceparent) {
        if (!DRAFT.equals(status)) {
            throw CrmApiException.conflict("campaign " + id + " was already launched (it is " + status + ")");
        }
        launchTraceparent = traceparent;
        if (scheduledAt != null && scheduledAt.isAfter(now)) {
            status = SCHEDULED;
            updatedAt = now;
            return false;
        }
        start(now);
        return true;
    }

    /** The scheduler's firing: a scheduled campaign whose time has come starts. */
    boolean startIfDue(Instant now) {
        if (!SCHEDULED.equals(status) || scheduledAt == null || scheduledAt.isAfter(now)) {
            return false;
        }
        start(now);
        return true;
    }

    private void start(Instant now) {
        status = RUNNING;
        launchedAt = now;
        updatedAt = now;
    }

    void materialised(Recipients r, Instant now) {
        recipients = r;
        materialised = true;
        updatedAt = now;
    }

    boolean completeIfRunning(Instant now) {
        if (!RUNNING.equals(status) || !materialised) {
            return false;
        }
        status = COMPLETED;
        completedAt = now;
        updatedAt = now;
        return true;
    }

    void cancel(Instant now) {
        if (COMPLETED.equals(status) || CANCELLED.equals(status)) {
            throw CrmApiException.conflict("campaign " + id + " is already " + status);
        }
        status = CANCELLED;
        cancelledAt = now;
        updatedAt = now;
    }

    void addCost(String description, Money amount, String actor, Instant now) {
        String currency = currency();
        if (currency != null && !currency.equals(amount.currency())) {
            throw CrmApiException.unprocessable("amount.currency", "the campaign counts its costs in " + currency);
        }
        if (costs == null) {
            costs = new ArrayList<>();
        }
        if (costs.size() >= 500) {
            throw CrmApiException.unprocessable(null, "a campaign records at most 500 costs");
        }
        costs.add(new Cost(description, amount, now, actor));
        updatedAt = now;
    }

    /** The currency the campaign counts its costs in: the budget's, else the first cost's. */
    String currency() {
        if (budget != null) {
            return budget.currency();
        }
        if (costPerMessage != null) {
            return costPerMessage.currency();
        }
        return costs == null || costs.isEmpty() ? null : costs.getFirst().amount().currency();
    }

    /** Recorded costs plus {@code costPerMessage} × messages sent. */
    BigDecimal actualCost(long sent) {
        BigDecimal total = BigDecimal.ZERO;
        for (Cost c : costs == null ? List.<Cost>of() : costs) {
            total = total.add(c.amount().value());
        }
        if (costPerMessage != null) {
            total = total.add(costPerMessage.value().multiply(BigDecimal.valueOf(sent)));
        }
        return total;
    }

    public String name() { return name; }
    public String objective() { return objective; }
    public String channel() { return channel; }
    public String segmentId() { return segmentId; }
    public String offerCode() { return offerCode; }
    public String offerName() { return offerName; }
    String subject() { return subject; }
    String body() { return body; }
    public String landingUrl() { return landingUrl; }
    Instant scheduledAt() { return scheduledAt; }
    Money budget() { return budget; }
    Money costPerMessage() { return costPerMessage; }
    boolean excludeOpenUrgentCase() { return excludeOpenUrgentCase; }
    List<Cost> costs() { return costs == null ? List.of() : costs; }
    public String status() { return status; }
    Recipients recipients() { return recipients; }
    boolean materialisedYet() { return materialised; }
    String createdBy() { return createdBy; }
    Instant createdAt() { return createdAt; }
    Instant updatedAt() { return updatedAt; }
    Instant launchedAt() { return launchedAt; }
    String launchTraceparent() { return launchTraceparent; }
    Instant completedAt() { return completedAt; }
    Instant cancelledAt() { return cancelledAt; }
}
