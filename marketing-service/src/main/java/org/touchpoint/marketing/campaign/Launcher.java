package org.touchpoint.marketing.campaign;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.marketing.MarketingProperties;
import org.touchpoint.marketing.customer.CustomerView;
import org.touchpoint.marketing.customer.CustomerViews;
import org.touchpoint.marketing.message.Message;
import org.touchpoint.marketing.message.RecentMessagesStore;
import org.touchpoint.marketing.message.TrackingLinks;
import org.touchpoint.marketing.message.TrackingLinks.Kind;
import org.touchpoint.marketing.segment.SegmentMembership;
import org.touchpoint.marketing.segment.SegmentService;

/**
 * Materialises a launched campaign's recipients: the segment's members, minus those without consent for the
 * channel (or without an address), over the frequency cap, or excluded (open urgent case). One queued message
 * per recipient; the unique (campaign, customer) index makes a re-run after a crash add only what is missing.
 */
@Component
class Launcher {

    private static final Logger log = LoggerFactory.getLogger(Launcher.class);
    private static final int PAGE = 200;

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final SegmentMembership membership;
    private final SegmentService segments;
    private final CustomerViews customers;
    private final TrackingLinks links;
    private final RecentMessagesStore recent;
    private final MarketingProperties properties;
    private final Clock clock;

    Launcher(MongoTemplate mongo, OutboxStore store, SegmentMembership membership, SegmentService segments, CustomerViews customers,
             TrackingLinks links, RecentMessagesStore recent, MarketingProperties properties, Clock clock) {
        this.recent = recent;
        this.segments = segments;
        this.mongo = mongo;
        this.store = store;
        this.membership = membership;
        this.customers = customers;
        this.links = links;
        this.properties = properties;
        this.clock = clock;
    }

    /** Materialises the recipients of a running campaign (idempotent) and records who was left out. */
    Campaign materialise(Campaign campaign) {
        segments.refresh(campaign.segmentId()); // time-based conditions are evaluated as of the launch
        Instant now = clock.instant();
        long selected = 0, noConsent = 0, noAddress = 0, capped = 0, urgent = 0, unknown = 0;
        Set<String> urgentPriorities = Set.copyOf(properties.urgentPriorities());
        String after = null;
        while (true) {
            List<Document> page = membership.page(campaign.segmentId(), after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            after = page.getLast().getString("customerId");
            Map<String, CustomerView> views = customers.find(page.stream().map(d -> d.getString("customerId")).toList());
            for (Document member : page) {
                CustomerView c = views.get(member.getString("customerId"));
                if (c == null || !c.known()) {
                    unknown++;
                } else if (alreadyQueued(campaign.getId(), c.id())) {
                    selected++;
                } else if (!consents(campaign.channel(), c)) {
                    noConsent++;
                } else if (Message.EMAIL.equals(campaign.channel()) && (c.email() == null || c.email().isBlank())) {
                    noAddress++;
                } else if (campaign.excludeOpenUrgentCase() && c.openCases().values().stream().anyMatch(urgentPriorities::contains)) {
                    urgent++;
                } else if (overCap(c.id(), now)) {
                    capped++;
                } else if (queue(campaign, c, now)) {
                    selected++;
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        Campaign.Recipients recipients = new Campaign.Recipients(selected, noConsent, noAddress, capped, urgent, unknown);
        for (int attempt = 1; ; attempt++) {
            campaign.materialised(recipients, now);
            try {
                return store.update(campaign);
            } catch (OptimisticLockingFailureException e) {
                if (attempt == 3) {
                    throw e;
                }
                campaign = mongo.findById(campaign.getId(), Campaign.class);
            }
        }
    }

    /**
     * Email and SMS need the channel's consent; direct mail has no consent channel in the profile, so it goes to
     * everyone except those who opted out of it through a mail piece's unsubscribe link.
     */
    static boolean consents(String channel, CustomerView c) {
        return switch (channel) {
            case Message.EMAIL -> c.consents("email");
            case Message.SMS -> c.consents("sms");
            default -> !Boolean.FALSE.equals(c.consent().get("mail"));
        };
    }

    private boolean alreadyQueued(String campaignId, String customerId) {
        return mongo.exists(Query.query(Criteria.where("campaignId").is(campaignId).and("customerId").is(customerId)), Message.class);
    }

    /** At most {@code maxMessages} campaign messages per customer within {@code period}, across campaigns. */
    private boolean overCap(String customerId, Instant now) {
        MarketingProperties.FrequencyCap cap = properties.frequencyCap();
        return recent.countSince(customerId, now.minus(cap.period())) >= cap.maxMessages();
    }

    private boolean queue(Campaign campaign, CustomerView c, Instant now) {
        String id = Ids.newId("msg", clock);
        String address = switch (campaign.channel()) {
            case Message.EMAIL -> c.email();
            default -> null; // SMS and direct mail are recorded: their provider resolves the address
        };
        Message m = Message.queue(id, campaign.getId(), campaign.name(), campaign.objective(), c.id(), c.accountId(),
                campaign.channel(), address, campaign.offerCode(), campaign.offerName(), campaign.landingUrl(), now);
        Map<String, String> values = new HashMap<>();
        values.put("firstName", c.firstName());
        values.put("lastName", c.lastName());
        values.put("displayName", c.displayName());
        values.put("nickname", c.greetingName());
        values.put("accountName", c.account() == null ? null : c.account().name());
        values.put("campaignName", campaign.name());
        values.put("offerName", campaign.offerName());
        values.put("offerCode", campaign.offerCode());
        values.put("link", campaign.landingUrl() == null ? null : links.url(Kind.CLICK, id));
        values.put("respondUrl", links.url(Kind.RESPOND, id));
        String unsubscribe = links.url(Kind.UNSUBSCRIBE, id);
        values.put("unsubscribeUrl", unsubscribe);
        String subject = Template.render(campaign.subject(), values, s -> s.replaceAll("[\\r\\n]+", " "));
        String text = Template.render(campaign.body(), values, s -> s);
        if (!Template.placeholders(campaign.body()).contains("unsubscribeUrl")) {
            text = text + "\n\n--\nDarse de baja: " + unsubscribe;
        }
        String html = null;
        if (Message.EMAIL.equals(campaign.channel())) {
            String bodyHtml = Template.render(Template.html(campaign.body()), values, Template::html).replace("\n", "<br>\n");
            html = "<!doctype html><html><body>" + bodyHtml
                    + (Template.placeholders(campaign.body()).contains("unsubscribeUrl") ? ""
                    : "<p style=\"font-size:small\"><a href=\"" + Template.html(unsubscribe) + "\">Darse de baja</a></p>")
                    + "<img src=\"" + Template.html(links.url(Kind.OPEN, id)) + "\" width=\"1\" height=\"1\" alt=\"\"></body></html>";
        }
        m.content(subject, text, html, unsubscribe);
        m.continueTrace(campaign.launchTraceparent());
        recent.record(c.id(), id, now); // before the message: an entry without its message counts for nothing
        try {
            store.insert(m);
            return true;
        } catch (DuplicateKeyException alreadyThere) {
            log.debug("Campaign {} already had a message for {}", campaign.getId(), c.id());
            return true;
        }
    }
}
