package org.touchpoint.marketing.campaign;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.touchpoint.events.Money;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.outbox.TraceparentSource;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CrmApiException.FieldError;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.Page;
import org.touchpoint.kit.web.Problems;
import org.touchpoint.marketing.customer.CustomerView;
import org.touchpoint.marketing.customer.CustomerViews;
import org.touchpoint.marketing.message.Message;
import org.touchpoint.marketing.offer.Offer;
import org.touchpoint.marketing.offer.Offers;
import org.touchpoint.marketing.segment.SegmentService;

/** Campaigns: define, launch (once), cancel, record costs, follow the messages, measure the return. */
@Service
class CampaignService {

    static final Duration MAX_WINDOW = Duration.ofDays(730);
    private static final int BATCH = 500;

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final SegmentService segments;
    private final Offers offers;
    private final Launcher launcher;
    private final CustomerViews customers;
    private final TraceparentSource traceparent;
    private final Clock clock;

    CampaignService(MongoTemplate mongo, OutboxStore store, SegmentService segments, Offers offers, Launcher launcher,
                    CustomerViews customers, TraceparentSource traceparent, Clock clock) {
        this.traceparent = traceparent;
        this.mongo = mongo;
        this.store = store;
        this.segments = segments;
        this.offers = offers;
        this.launcher = launcher;
        this.customers = customers;
        this.clock = clock;
    }

    Campaign create(CampaignRequest r) {
        Resolved v = validate(r);
        return store.insert(Campaign.create(Ids.newId("cmp", clock), r, v.offerName, v.landingUrl, CrmPrincipal.currentActor(), clock.instant()));
    }

    Campaign get(String id) {
        Campaign c = mongo.findById(id, Campaign.class);
        if (c == null) {
            throw CrmApiException.notFound("campaign", id);
        }
        return c;
    }

    Campaign replace(String id, CampaignRequest r, String ifMatch) {
        Campaign c = get(id);
        Etags.requireMatch(ifMatch, c.getVersion());
        Resolved v = validate(r);
        c.update(r, v.offerName, v.landingUrl, clock.instant());
        return save(c);
    }

    Campaign launch(String id, String ifMatch) {
        Campaign c = get(id);
        Etags.requireMatch(ifMatch, c.getVersion());
        segments.get(c.segmentId());
        boolean now = c.launch(clock.instant(), traceparent.current());
        save(c);
        return now ? launcher.materialise(c) : c;
    }

    Campaign cancel(String id, String ifMatch) {
        Campaign c = get(id);
        Etags.requireMatch(ifMatch, c.getVersion());
        Instant now = clock.instant();
        c.cancel(now);
        save(c);
        // Messages not yet sent stay unsent. A versioned bulk write: a sender that claimed one a moment ago keeps it.
        mongo.updateMulti(Query.query(Criteria.where("campaignId").is(id).and("status").is(Message.QUEUED)),
                new Update().set("status", Message.CANCELLED).set("failedAt", Date.from(now)).inc(OutboxDocument.VERSION_FIELD, 1), Message.class);
        return c;
    }

    Campaign addCost(String id, CampaignRequest.CostRequest r, String ifMatch) {
        Campaign c = get(id);
        Etags.requireMatch(ifMatch, c.getVersion());
        c.addCost(r.description().strip(), Campaign.money(r.amount()), CrmPrincipal.currentActor(), clock.instant());
        return save(c);
    }

    Page<CampaignResponse> list(Integer limit, String cursor, String status) {
        List<Criteria> filters = new ArrayList<>();
        if (status != null) {
            if (!status.matches("draft|scheduled|running|completed|cancelled")) {
                throw CrmApiException.badRequest("status", "must be draft, scheduled, running, completed or cancelled");
            }
            filters.add(Criteria.where("status").is(status));
        }
        return CursorQuery.find(mongo, Campaign.class, filters, limit, cursor, Campaign::getId, page -> page.stream().map(this::view).toList());
    }

    Page<CampaignResponse.MessageView> messages(String id, Integer limit, String cursor, String status) {
        get(id);
        List<Criteria> filters = new ArrayList<>(List.of(Criteria.where("campaignId").is(id)));
        if (status != null) {
            if (!status.matches("queued|sending|sent|failed|cancelled")) {
                throw CrmApiException.badRequest("status", "must be queued, sending, sent, failed or cancelled");
            }
            filters.add(Criteria.where("status").is(status));
        }
        return CursorQuery.find(mongo, Message.class, filters, limit, cursor, Message::getId, page -> page.stream()
                .map(m -> new CampaignResponse.MessageView(m.getId(), m.customerId(), m.medium(), m.status(), m.attempts(), m.lastError(),
                        m.createdAt(), m.sentAt(), m.openedAt(), m.clickedAt(), m.respondedAt(), m.unsubscribedAt())).toList());
    }

    CampaignResponse view(Campaign c) {
        CampaignResponse.Funnel f = funnel(c.getId());
        String currency = c.currency();
        Money actual = currency == null ? null : Money.of(c.actualCost(f.sent()), currency);
        return new CampaignResponse(c.getId(), c.name(), c.objective(), c.channel(), c.segmentId(), c.offerCode(), c.offerName(),
                new CampaignResponse.TemplateView(c.subject(), c.body()), c.landingUrl(), c.scheduledAt(), c.status(), c.budget(),
                c.costPerMessage(), actual, c.costs(), c.recipients(), f, c.excludeOpenUrgentCase(), c.createdBy(), c.createdAt(),
                c.updatedAt(), c.launchedAt(), c.completedAt(), c.cancelledAt());
    }

    private CampaignResponse.Funnel funnel(String id) {
        Criteria of = Criteria.where("campaignId").is(id);
        return new CampaignResponse.Funnel(
                count(Criteria.where("campaignId").is(id).and("status").in(Message.QUEUED, Message.SENDING)),
                count(Criteria.where("campaignId").is(id).and("status").is(Message.SENT)),
                count(Criteria.where("campaignId").is(id).and("status").is(Message.FAILED)),
                count(Criteria.where("campaignId").is(id).and("openedAt").ne(null)),
                count(Criteria.where("campaignId").is(id).and("clickedAt").ne(null)),
                count(Criteria.where("campaignId").is(id).and("respondedAt").ne(null)),
                count(of.and("unsubscribedAt").ne(null)));
    }

    private long count(Criteria c) {
        return mongo.count(Query.query(c), Message.class);
    }

    /** The campaign's return: revenue attributed under {@code model} within {@code window} after each send. */
    CampaignResponse.Roi roi(String id, String modelName, String windowText) {
        Campaign c = get(id);
        Attribution.Model model = Attribution.Model.of(modelName == null ? "last-touch" : modelName);
        if (model == null) {
            throw CrmApiException.badRequest("model", "must be first-touch, last-touch or linear");
        }
        Duration window;
        try {
            window = windowText == null ? Duration.ofDays(30) : Duration.parse(windowText);
        } catch (DateTimeParseException e) {
            throw CrmApiException.badRequest("window", "must be an ISO-8601 duration such as P30D");
        }
        if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
            throw CrmApiException.badRequest("window", "must be positive and at most P730D");
        }
        long sent = 0, opened = 0, clicked = 0, responded = 0;
        Map<String, List<Attribution.Send>> sends = new HashMap<>();
        Map<String, List<CustomerView.Win>> wins = new HashMap<>();
        String after = null;
        while (true) {
            Criteria where = Criteria.where("campaignId").is(id).and("status").is(Message.SENT);
            if (after != null) {
                where = where.and("_id").gt(after);
            }
            Query q = Query.query(where).with(Sort.by("_id")).limit(BATCH);
            q.fields().include("customerId", "sentAt", "openedAt", "clickedAt", "respondedAt");
            List<Document> page = mongo.find(q, Document.class, "messages");
            if (page.isEmpty()) {
                break;
            }
            after = page.getLast().getString("_id");
            List<String> recipients = new ArrayList<>();
            for (Document m : page) {
                sent++;
                opened += m.get("openedAt") != null ? 1 : 0;
                clicked += m.get("clickedAt") != null ? 1 : 0;
                responded += m.get("respondedAt") != null ? 1 : 0;
                recipients.add(m.getString("customerId"));
            }
            Query others = Query.query(Criteria.where("customerId").in(recipients).and("status").is(Message.SENT));
            others.fields().include("campaignId", "customerId", "sentAt");
            for (Document s : mongo.find(others, Document.class, "messages")) {
                sends.computeIfAbsent(s.getString("customerId"), k -> new ArrayList<>())
                        .add(new Attribution.Send(s.getString("campaignId"), s.getString("customerId"), s.getDate("sentAt").toInstant()));
            }
            customers.find(recipients).forEach((customerId, view) -> wins.put(customerId, view.wins()));
            if (page.size() < BATCH) {
                break;
            }
        }
        Attribution.Result result = Attribution.attribute(id, sends, wins, window, model);
        String currency = c.currency();
        BigDecimal cost = currency == null ? BigDecimal.ZERO : c.actualCost(sent);
        BigDecimal revenueInCurrency = currency == null ? BigDecimal.ZERO : result.revenue().getOrDefault(currency, BigDecimal.ZERO);
        BigDecimal roi = Attribution.roi(revenueInCurrency, cost);
        return new CampaignResponse.Roi(id, model.wire(), window.toString(), currency == null ? null : Money.of(cost, currency),
                c.budget(), result.revenue().entrySet().stream().map(e -> Money.of(e.getValue(), e.getKey())).toList(),
                roi == null ? null : roi.toPlainString(), result.deals(),
                new CampaignResponse.RoiFunnel(sent, opened, clicked, responded, result.customers().size()));
    }

    private Campaign save(Campaign c) {
        try {
            return store.update(c);
        } catch (OptimisticLockingFailureException e) {
            throw CrmApiException.conflict("campaign " + c.getId() + " changed meanwhile; read it again");
        }
    }

    private record Resolved(String offerName, String landingUrl) {
    }

    /** Cross-field checks: the template's placeholders (400), the segment and offer exist (422). */
    private Resolved validate(CampaignRequest r) {
        List<FieldError> errors = new ArrayList<>();
        errors.addAll(Template.check(r.template().subject(), "template.subject"));
        errors.addAll(Template.check(r.template().body(), "template.body"));
        if (Message.EMAIL.equals(r.channel()) && (r.template().subject() == null || r.template().subject().isBlank())) {
            errors.add(new FieldError("template.subject", "an email needs a subject"));
        }
        Offer offer = null;
        if (r.offerCode() != null) {
            offer = offers.byCode(r.offerCode()).orElse(null);
        }
        String landingUrl = r.landingUrl() != null ? r.landingUrl() : offer == null ? null : offer.landingUrl();
        if (landingUrl == null && Template.placeholders(r.template().body()).contains("link")) {
            errors.add(new FieldError("landingUrl", "the template uses {{link}}: give a landing page (or an offer that has one)"));
        }
        if (r.budget() != null && r.costPerMessage() != null && !r.budget().currency().equals(r.costPerMessage().currency())) {
            errors.add(new FieldError("costPerMessage.currency", "must be the budget's currency"));
        }
        if (!errors.isEmpty()) {
            throw new CrmApiException(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request",
                    errors.stream().map(e -> e.field() + ": " + e.message()).toList().toString(), errors);
        }
        try {
            segments.get(r.segmentId());
        } catch (CrmApiException notFound) {
            throw CrmApiException.unprocessable("segmentId", "segment " + r.segmentId() + " does not exist");
        }
        if (r.offerCode() != null && offer == null) {
            throw CrmApiException.unprocessable("offerCode", "offer " + r.offerCode() + " does not exist");
        }
        return new Resolved(offer == null ? null : offer.name(), landingUrl);
    }
}
