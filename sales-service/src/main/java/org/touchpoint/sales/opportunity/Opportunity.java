package org.touchpoint.sales.opportunity;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Money;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.kit.web.CrmApiException;

/**
 * A deal with a customer moving through a pipeline. Every stage change, win and loss emits its touch; won and
 * lost are terminal. The won touch is the hand-off to invoicing and carries the line items.
 *
 * <p>When the customer is erased ({@link #forgetPerson}) the deal keeps its figures (amount, currency, line items,
 * pipeline, stage and its history, probability, category, dates, owner) and loses its free text: the name becomes
 * {@link #ERASED_NAME} and the close reason goes. Its terms can no longer be edited; its stage can still move so
 * that the forecast closes it, without a close reason.
 */
@Document("opportunities")
@CompoundIndex(name = "customer", def = "{'customerId': 1, '_id': 1}")
@CompoundIndex(name = "owner", def = "{'ownerId': 1, '_id': 1}")
@CompoundIndex(name = "status", def = "{'status': 1, '_id': 1}")
@CompoundIndex(name = "expectedClose", def = "{'expectedCloseDate': 1}")
@CompoundIndex(name = "closed", def = "{'closedAt': 1}")
@CompoundIndex(name = "pipelineStage", def = "{'pipelineId': 1, 'stage': 1}")
public class Opportunity extends OutboxDocument {

    public static final String OPEN = "open";
    public static final String WON = "won";
    public static final String LOST = "lost";
    /** The name of a deal whose customer was erased (touches and lists still carry a name). */
    public static final String ERASED_NAME = "(erased)";

    private String customerId;
    private String accountId;
    private String name;
    private BigDecimal amount;
    private String currency;
    private String pipelineId;
    private String stage;
    private String forecastCategory;
    private int probability;
    private Integer probabilityOverride;
    private LocalDate expectedCloseDate;
    private String ownerId;
    private List<LineItem> lineItems = new ArrayList<>();
    private List<StageVisit> stageHistory = new ArrayList<>();
    private String status;
    private String closeReason;
    private Instant closedAt;
    private String leadId;
    /** The campaign the lead came from, named on the deal's touches. */
    private String campaignId;
    private Instant createdAt;
    private Instant updatedAt;
    /** When the customer's erasure redacted this deal; absent while it is intact. */
    private Instant erasedAt;

    /** A stage the opportunity was in, from when to when (open-ended for the current one). */
    public record StageVisit(String stage, Instant enteredAt, Instant leftAt, String actor) {
    }

    /** The editable terms of a deal. */
    public record Terms(String accountId, String name, BigDecimal amount, String currency, Integer probabilityOverride,
                        LocalDate expectedCloseDate, String ownerId, List<LineItem> lineItems) {

        public Terms {
            lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
            for (LineItem item : lineItems) {
                if ("support-plan".equals(item.category()) && !item.productCode().startsWith("support-")) {
                    throw CrmApiException.badRequest("lineItems", "a support-plan line item's productCode is support-<tier>, such as support-premium");
                }
            }
            if (amount == null) {
                if (lineItems.isEmpty()) {
                    throw CrmApiException.badRequest("amount", "give the amount, or line items to sum");
                }
                amount = lineItems.stream().map(LineItem::total).reduce(BigDecimal.ZERO, BigDecimal::add);
            }
            if (amount.signum() < 0) {
                throw CrmApiException.badRequest("amount", "must not be negative");
            }
            if (currency == null) {
                throw CrmApiException.badRequest("amount.currency", "is required");
            }
        }
    }

    Opportunity() {
    }

    public static Opportunity create(String id, String customerId, String leadId, String campaignId, Pipeline pipeline,
                                     String stageKey, Terms terms, String actor, Instant now) {
        Pipeline.Stage stage = stageKey == null ? pipeline.firstOpenStage() : pipeline.requireStage(stageKey, "stage");
        if (!Pipeline.OPEN.equals(stage.type())) {
            throw CrmApiException.badRequest("stage", "an opportunity starts in an open stage; move it to " + stage.key() + " afterwards");
        }
        Opportunity o = new Opportunity();
        o.id = id;
        o.customerId = customerId;
        o.leadId = leadId;
        o.campaignId = campaignId;
        o.pipelineId = pipeline.getId();
        o.status = OPEN;
        o.createdAt = now;
        o.apply(terms, now);
        o.enter(stage, terms.probabilityOverride(), actor, now);
        o.emit(o.touch(TouchKinds.OPPORTUNITY_CREATED, Channels.SYSTEM, actor, now)
                .summary("Opportunity created: " + o.name)
                .attribute("name", o.name).attribute("stage", o.stage).attribute("probability", o.probability)
                .attribute("category", o.forecastCategory).attribute("expectedCloseDate", dateString(o.expectedCloseDate))
                .attribute("ownerId", o.ownerId).build());
        return o;
    }

    /**
     * Changes the terms of an open deal. The stage does not change (see {@link #moveTo}). When what other services
     * follow changes (the name, amount, currency, probability, expected close date or owner), {@code opportunity.updated}
     * says so, naming those fields in {@code changedFields}; an edit that changes none of them publishes nothing.
     */
    void update(Terms terms, Pipeline pipeline, String actor, Instant now) {
        requireOpen();
        if (erasedAt != null) {
            throw CrmApiException.conflict("opportunity " + id + " belongs to a customer who was erased; its terms no "
                    + "longer change (its stage still moves, to close it)");
        }
        Followed before = followed();
        apply(terms, now);
        Pipeline.Stage current = pipeline.stage(stage).orElse(null);
        probability = terms.probabilityOverride() != null ? terms.probabilityOverride() : current == null ? probability : current.probability();
        emitUpdated(before.changedTo(followed()), actor, now);
    }

    /** The terms other services keep a copy of, in the order {@code changedFields} names them. */
    private record Followed(String name, BigDecimal amount, String currency, int probability, LocalDate expectedCloseDate,
                            String ownerId) {

        List<String> changedTo(Followed after) {
            List<String> changed = new ArrayList<>();
            if (!Objects.equals(name, after.name)) {
                changed.add("name");
            }
            if (amount == null ? after.amount != null : after.amount == null || amount.compareTo(after.amount) != 0) {
                changed.add("amount");
            }
            if (!Objects.equals(currency, after.currency)) {
                changed.add("currency");
            }
            if (probability != after.probability) {
                changed.add("probability");
            }
            if (!Objects.equals(expectedCloseDate, after.expectedCloseDate)) {
                changed.add("expectedCloseDate");
            }
            if (!Objects.equals(ownerId, after.ownerId)) {
                changed.add("ownerId");
            }
            return changed;
        }
    }

    private Followed followed() {
        return new Followed(name, amount, currency, probability, expectedCloseDate, ownerId);
    }

    private void emitUpdated(List<String> changedFields, String actor, Instant now) {
        if (changedFields.isEmpty()) {
            return;
        }
        emit(touch(TouchKinds.OPPORTUNITY_UPDATED, Channels.SYSTEM, actor, now)
                .summary("Opportunity " + name + " updated: " + String.join(", ", changedFields))
                .attribute("name", name).attribute("stage", stage).attribute("probability", probability)
                .attribute("category", forecastCategory).attribute("expectedCloseDate", dateString(expectedCloseDate))
                .attribute("ownerId", ownerId).attribute("changedFields", List.copyOf(changedFields)).build());
    }

    /**
     * Moves the deal to another stage of its pipeline: a stage change, or a win or loss (terminal).
     *
     * @param channel how a win came about (visit, phone, system); only the won touch carries it
     * @return false when the deal is already in that stage and nothing changed
     */
    boolean moveTo(Pipeline pipeline, String stageKey, Integer probabilityOverride, String closeReason, String channel,
                   String actor, Instant now) {
        requireOpen();
        Pipeline.Stage target = pipeline.requireStage(stageKey, "stage");
        if (target.key().equals(stage)) {
            if (probabilityOverride == null || probabilityOverride == probability) {
                return false;
            }
            this.probabilityOverride = probabilityOverride;
            this.probability = probabilityOverride;
            updatedAt = now;
            emitUpdated(List.of("probability"), actor, now);
            return true;
        }
        if (erasedAt != null) {
            closeReason = null; // free text about a person who was forgotten
        }
        String from = stage;
        if (!stageHistory.isEmpty()) {
            StageVisit last = stageHistory.getLast();
            stageHistory.set(stageHistory.size() - 1, new StageVisit(last.stage(), last.enteredAt(), now, last.actor()));
        }
        enter(target, probabilityOverride, actor, now);
        updatedAt = now;
        switch (target.type()) {
            case Pipeline.WON -> {
                status = WON;
                probability = 100;
                this.closeReason = closeReason;
                closedAt = now;
                emit(touch(TouchKinds.OPPORTUNITY_WON, channel == null ? Channels.SYSTEM : channel, actor, now)
                        .summary("Deal won: " + name)
                        .attribute("name", name)
                        .attribute("lineItems", lineItems.stream().map(LineItem::toAttribute).toList())
                        .attribute("closeReason", closeReason).attribute("cycleDays", cycleDays())
                        .attribute("ownerId", ownerId).attribute("createdAt", createdAt.toString()).build());
            }
            case Pipeline.LOST -> {
                status = LOST;
                probability = 0;
                this.closeReason = closeReason;
                closedAt = now;
                emit(touch(TouchKinds.OPPORTUNITY_LOST, Channels.SYSTEM, actor, now)
                        .summary("Deal lost: " + name)
                        .attribute("name", name).attribute("closeReason", closeReason).attribute("cycleDays", cycleDays())
                        .attribute("ownerId", ownerId).build());
            }
            default -> emit(touch(TouchKinds.OPPORTUNITY_STAGE_CHANGED, Channels.SYSTEM, actor, now)
                    .summary("Opportunity " + name + ": " + from + " → " + stage)
                    .attribute("name", name).attribute("fromStage", from).attribute("stage", stage)
                    .attribute("probability", probability).attribute("category", forecastCategory)
                    .attribute("expectedCloseDate", dateString(expectedCloseDate)).attribute("ownerId", ownerId).build());
        }
        return true;
    }

    /**
     * The customer was erased: the name and the close reason (free text that may describe the person) go; amounts,
     * line items (products), pipeline, stage history, probability, dates and owner stay for the forecast and the
     * won/lost figures. No touch: the contract has no kind for it, and consumers erase on {@code contact.deleted}.
     *
     * @return false when it was already redacted (nothing to write)
     */
    boolean forgetPerson(Instant now) {
        if (erasedAt != null) {
            return false;
        }
        name = ERASED_NAME;
        closeReason = null;
        erasedAt = now;
        updatedAt = now;
        return true;
    }

    boolean erased() {
        return erasedAt != null;
    }

    /** The customer turned out to be known under another id (see {@code lead.converted} linking): the deal follows. */
    public boolean reassignCustomer(String from, String to, Instant now) {
        if (!from.equals(customerId) || from.equals(to)) {
            return false;
        }
        customerId = to;
        updatedAt = now;
        return true;
    }

    private void enter(Pipeline.Stage target, Integer override, String actor, Instant now) {
        stage = target.key();
        forecastCategory = target.forecastCategory();
        probabilityOverride = Pipeline.OPEN.equals(target.type()) ? override : null;
        probability = probabilityOverride != null ? probabilityOverride : target.probability();
        stageHistory.add(new StageVisit(target.key(), now, null, actor));
    }

    private void apply(Terms t, Instant now) {
        accountId = t.accountId();
        name = t.name().trim();
        amount = t.amount();
        currency = t.currency();
        probabilityOverride = t.probabilityOverride();
        expectedCloseDate = t.expectedCloseDate();
        ownerId = t.ownerId();
        lineItems = new ArrayList<>(t.lineItems());
        updatedAt = now;
    }

    private void requireOpen() {
        if (!OPEN.equals(status)) {
            throw CrmApiException.conflict("opportunity " + id + " is " + status + "; a closed opportunity does not move");
        }
    }

    /** Whole days from creation to close (or to now while open). */
    public long cycleDays() {
        Instant end = closedAt == null ? updatedAt : closedAt;
        return Math.max(0, Duration.between(createdAt, end).toDays());
    }

    private Touch.Builder touch(String kind, String channel, String actor, Instant now) {
        return Touch.builder(customerId, kind).accountId(accountId).channel(channel).occurredAt(now).actor(actor)
                .ref("opportunityId", id).ref("pipelineId", pipelineId).ref("leadId", leadId).ref("campaignId", campaignId)
                .amount(Money.of(amount, currency));
    }

    private static String dateString(LocalDate d) {
        return d == null ? null : d.toString();
    }

    public String customerId() {
        return customerId;
    }

    public String pipelineId() {
        return pipelineId;
    }

    public String status() {
        return status;
    }

    public String stage() {
        return stage;
    }

    public String ownerId() {
        return ownerId;
    }

    public String forecastCategory() {
        return forecastCategory;
    }

    public int probability() {
        return probability;
    }

    public BigDecimal amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public LocalDate expectedCloseDate() {
        return expectedCloseDate;
    }

    public String name() {
        return name;
    }

    public List<StageVisit> stageHistory() {
        return List.copyOf(stageHistory);
    }

    public OpportunityResponse toResponse() {
        return new OpportunityResponse(id, customerId, accountId, name, Money.of(amount, currency), pipelineId, stage,
                forecastCategory, probability, probabilityOverride != null, expectedCloseDate, ownerId,
                lineItems.stream().map(i -> new OpportunityResponse.LineItemResponse(i.productCode(), i.name(), i.category(),
                        i.quantity(), Money.of(i.unitPrice(), currency), i.termMonths(), Money.of(i.total(), currency))).toList(),
                List.copyOf(stageHistory), status, closeReason, closedAt, OPEN.equals(status) ? null : cycleDays(), leadId,
                createdAt, updatedAt, erasedAt, Objects.requireNonNullElse(version, 0L));
    }
}
