package org.touchpoint.analytics.fold;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;

/**
 * Everything analytics knows about one customer, folded from its touches and its profile: the state behind the
 * 360° view. The fold is idempotent (the ids of recently applied events are remembered; the timeline entry of
 * each event is the durable marker) and order-tolerant: per object (opportunity, case) the state is the one of
 * the latest {@code occurredAt}, counters are sums, times are min/max, the profile is the highest version.
 * Lists are kept sorted by their key, so the same set of events yields the same document whatever the order.
 *
 * <p>The nested classes are persisted state, not the API: responses are built in {@code customer.Customer360}.
 */
public class CustomerView {

    /** How many recent event ids a view remembers (the timeline entry is the durable marker beyond it). */
    public static final int APPLIED_WINDOW = 512;
    /** Daily interaction counts older than this before the latest day seen are dropped. */
    static final int DAYS_KEPT = 400;

    public enum Outcome { APPLIED, DUPLICATE, FORGOTTEN }

    @Id
    private String id;
    @Version
    private Long version;
    private boolean forgotten;
    private List<String> appliedEvents = new ArrayList<>();
    private Instant updatedAt;

    private Profile profile;
    private String accountId;
    private Instant accountIdAt;

    private long totalTouches;
    private long interactions;
    private Instant firstTouchAt;
    private Instant lastTouchAt;
    private Instant lastAnyTouchAt;
    private List<ChannelStat> channels = new ArrayList<>();
    private List<KindCount> kinds = new ArrayList<>();
    private List<DayCount> days = new ArrayList<>();

    private List<Opportunity> opportunities = new ArrayList<>();
    private List<Lead> leads = new ArrayList<>();

    private List<SupportCase> cases = new ArrayList<>();
    private List<Amount> supportCost = new ArrayList<>();
    private long supportMinutes;
    private long slaBreaches;
    private long slaWarnings;
    private long csatCount;
    private long csatSum;
    private Integer lastCsat;
    private Instant lastCsatAt;

    private List<CampaignStat> campaigns = new ArrayList<>();
    private long messagesReceived;
    private long opens;
    private long clicks;
    private long responses;

    CustomerView() {
    }

    public CustomerView(String id) {
        this.id = Objects.requireNonNull(id);
    }

    // ------------------------------------------------------------------ folding

    /** Applies a newer profile snapshot (by version); an older or equal one changes nothing. */
    public Outcome applyProfile(CustomerProfile p, Instant now) {
        if (forgotten) {
            return Outcome.FORGOTTEN;
        }
        if (profile != null && profile.version >= p.version()) {
            return Outcome.DUPLICATE;
        }
        profile = Profile.of(p);
        updatedAt = now;
        return Outcome.APPLIED;
    }

    /** Folds one touch of this customer, once per event id. */
    public Outcome apply(CrmEvent<Touch> event, Instant now) {
        if (forgotten) {
            return Outcome.FORGOTTEN;
        }
        if (appliedEvents.contains(event.id())) {
            return Outcome.DUPLICATE;
        }
        Touch t = event.data();
        fold(t);
        appliedEvents.add(event.id());
        if (appliedEvents.size() > APPLIED_WINDOW) {
            appliedEvents = new ArrayList<>(appliedEvents.subList(appliedEvents.size() - APPLIED_WINDOW, appliedEvents.size()));
        }
        updatedAt = now;
        return Outcome.APPLIED;
    }

    private void fold(Touch t) {
        Instant at = t.occurredAt();
        totalTouches++;
        lastAnyTouchAt = max(lastAnyTouchAt, at);
        entry(kinds, k -> k.kind, t.kind(), () -> new KindCount(t.kind())).count++;
        if (t.accountId() != null && (accountIdAt == null || !at.isBefore(accountIdAt))) {
            accountId = t.accountId();
            accountIdAt = at;
        }
        if (!Channels.SYSTEM.equals(t.channel())) {
            interactions++;
            firstTouchAt = min(firstTouchAt, at);
            lastTouchAt = max(lastTouchAt, at);
            String channel = Channels.isKnown(t.channel()) ? t.channel() : "other";
            ChannelStat c = entry(channels, s -> s.channel, channel, () -> new ChannelStat(channel));
            c.count++;
            if (c.lastAt == null || !at.isBefore(c.lastAt)) {
                c.lastAt = at;
                c.lastKind = t.kind();
                c.lastSummary = t.summary();
            }
            countDay(at);
        }
        Map<String, Object> a = t.attributes();
        switch (t.kind()) {
            case TouchKinds.OPPORTUNITY_CREATED, TouchKinds.OPPORTUNITY_STAGE_CHANGED,
                 TouchKinds.OPPORTUNITY_WON, TouchKinds.OPPORTUNITY_LOST -> foldOpportunity(t, a);
            case TouchKinds.LEAD_CREATED -> {
                String leadId = t.refs().get("leadId");
                if (leadId != null) {
                    Lead l = entry(leads, x -> x.leadId, leadId, () -> new Lead(leadId));
                    l.campaignId = first(l.campaignId, t.refs().get("campaignId"));
                    l.source = first(l.source, Attrs.str(a, "source"));
                    l.createdAt = min(l.createdAt, at);
                }
            }
            case TouchKinds.LEAD_CONVERTED -> {
                String leadId = t.refs().get("leadId");
                if (leadId != null) {
                    Lead l = entry(leads, x -> x.leadId, leadId, () -> new Lead(leadId));
                    l.opportunityId = first(l.opportunityId, t.refs().get("opportunityId"));
                    l.convertedAt = min(l.convertedAt, at);
                }
            }
            case TouchKinds.CASE_OPENED, TouchKinds.CASE_UPDATED, TouchKinds.CASE_ESCALATED, TouchKinds.CASE_RESOLVED,
                 TouchKinds.CASE_REOPENED, TouchKinds.CASE_CLOSED -> foldCase(t, a);
            case TouchKinds.SLA_BREACHED, TouchKinds.SLA_WARNING -> {
                boolean breach = TouchKinds.SLA_BREACHED.equals(t.kind());
                if (breach) {
                    slaBreaches++;
                } else {
                    slaWarnings++;
                }
                SupportCase c = supportCase(t);
                if (c != null) {
                    c.tier = first(c.tier, Attrs.str(a, "tier"));
                    c.priority = first(c.priority, Attrs.str(a, "priority"));
                    if (breach) {
                        String target = Attrs.str(a, "target");
                        String name = target == null ? "unspecified" : target;
                        if (!c.breachedTargets.contains(name)) {
                            c.breachedTargets.add(name);
                            c.breachedTargets.sort(Comparator.naturalOrder());
                        }
                    }
                }
            }
            case TouchKinds.WORK_LOGGED -> {
                Amounts.add(supportCost, t.amount());
                Integer minutes = Attrs.integer(a, "minutes");
                if (minutes != null && minutes > 0) {
                    supportMinutes += minutes;
                }
            }
            case TouchKinds.CSAT_RECEIVED -> {
                Integer score = Attrs.integer(a, "score");
                if (score != null && score >= 1 && score <= 5) {
                    csatCount++;
                    csatSum += score;
                    if (lastCsatAt == null || !at.isBefore(lastCsatAt)) {
                        lastCsatAt = at;
                        lastCsat = score;
                    }
                    SupportCase c = supportCase(t);
                    if (c != null) {
                        c.csat = score;
                    }
                }
            }
            case TouchKinds.MESSAGE_SENT, TouchKinds.MESSAGE_OPENED, TouchKinds.LINK_CLICKED, TouchKinds.CAMPAIGN_RESPONDED ->
                    foldCampaign(t, a);
            default -> {
                // every other kind is counted above and kept in the timeline
            }
        }
    }

    private void foldOpportunity(Touch t, Map<String, Object> a) {
        String oppId = t.refs().get("opportunityId");
        if (oppId == null) {
            return;
        }
        Instant at = t.occurredAt();
        Opportunity o = entry(opportunities, x -> x.opportunityId, oppId, () -> new Opportunity(oppId));
        boolean terminal = TouchKinds.OPPORTUNITY_WON.equals(t.kind()) || TouchKinds.OPPORTUNITY_LOST.equals(t.kind());
        if (TouchKinds.OPPORTUNITY_CREATED.equals(t.kind()) || Attrs.instant(a, "createdAt") != null) {
            Instant created = TouchKinds.OPPORTUNITY_CREATED.equals(t.kind()) ? at : Attrs.instant(a, "createdAt");
            o.createdAt = min(o.createdAt, created);
        }
        // The state is the one of the latest event; on a tie a close wins over an open stage.
        boolean newer = o.stateAt == null || at.isAfter(o.stateAt) || (at.equals(o.stateAt) && (terminal || !o.isClosed()));
        o.leadId = first(o.leadId, t.refs().get("leadId"));
        if (newer) {
            o.stateAt = at;
            o.pipelineId = first(t.refs().get("pipelineId"), o.pipelineId);
            o.name = first(Attrs.str(a, "name"), o.name);
            o.ownerId = first(Attrs.str(a, "ownerId"), o.ownerId);
            if (t.amount() != null) {
                o.amount = new Amount(t.amount().amount(), t.amount().currency());
            }
            switch (t.kind()) {
                case TouchKinds.OPPORTUNITY_WON -> {
                    o.status = Opportunity.WON;
                    o.closedAt = at;
                    o.stage = first(Attrs.str(a, "stage"), "closed-won");
                    o.probability = 100;
                    o.closeReason = Attrs.str(a, "closeReason");
                    o.cycleDays = Attrs.integer(a, "cycleDays");
                    o.lineItems = LineItem.of(Attrs.listOfMaps(a, "lineItems"), o.amount == null ? null : o.amount.getCurrency());
                }
                case TouchKinds.OPPORTUNITY_LOST -> {
                    o.status = Opportunity.LOST;
                    o.closedAt = at;
                    o.stage = first(Attrs.str(a, "stage"), "closed-lost");
                    o.probability = 0;
                    o.closeReason = Attrs.str(a, "closeReason");
                    o.cycleDays = Attrs.integer(a, "cycleDays");
                    o.lineItems = new ArrayList<>();
                }
                default -> {
                    o.status = Opportunity.OPEN;
                    o.closedAt = null;
                    o.closeReason = null;
                    o.cycleDays = null;
                    o.stage = first(Attrs.str(a, "stage"), o.stage);
                    Integer p = Attrs.integer(a, "probability");
                    if (p != null) {
                        o.probability = Math.max(0, Math.min(100, p));
                    }
                    o.category = first(Attrs.str(a, "category"), o.category);
                    LocalDate close = Attrs.date(a, "expectedCloseDate");
                    o.expectedCloseDate = close == null ? o.expectedCloseDate : close.toString();
                }
            }
        } else {
            o.name = first(o.name, Attrs.str(a, "name"));
            o.pipelineId = first(o.pipelineId, t.refs().get("pipelineId"));
            if (o.expectedCloseDate == null && Attrs.date(a, "expectedCloseDate") != null) {
                o.expectedCloseDate = Attrs.date(a, "expectedCloseDate").toString();
            }
        }
    }

    private SupportCase supportCase(Touch t) {
        String caseId = t.refs().get("caseId");
        return caseId == null ? null : entry(cases, c -> c.caseId, caseId, () -> new SupportCase(caseId));
    }

    private void foldCase(Touch t, Map<String, Object> a) {
        SupportCase c = supportCase(t);
        if (c == null) {
            return;
        }
        Instant at = t.occurredAt();
        c.number = first(c.number, Attrs.str(a, "number"));
        c.subject = first(c.subject, Attrs.str(a, "subject"));
        c.category = first(c.category, Attrs.str(a, "category"));
        c.tier = first(Attrs.str(a, "tier"), c.tier);
        if (TouchKinds.CASE_OPENED.equals(t.kind())) {
            c.openedAt = min(c.openedAt, at);
            c.channel = t.channel();
        }
        if (TouchKinds.CASE_ESCALATED.equals(t.kind())) {
            c.escalations++;
        }
        if (TouchKinds.CASE_RESOLVED.equals(t.kind())) {
            Integer first = Attrs.integer(a, "firstResponseMinutes");
            Integer resolution = Attrs.integer(a, "resolutionMinutes");
            if (c.resolvedAt == null || !at.isBefore(c.resolvedAt)) {
                c.resolvedAt = at;
                c.firstResponseMinutes = first == null ? c.firstResponseMinutes : first;
                c.resolutionMinutes = resolution == null ? c.resolutionMinutes : resolution;
            }
        }
        if (c.stateAt == null || !at.isBefore(c.stateAt)) {
            c.stateAt = at;
            c.priority = first(Attrs.str(a, "priority"), c.priority);
            c.status = switch (t.kind()) {
                case TouchKinds.CASE_RESOLVED -> SupportCase.RESOLVED;
                case TouchKinds.CASE_CLOSED -> SupportCase.CLOSED;
                case TouchKinds.CASE_OPENED, TouchKinds.CASE_REOPENED -> SupportCase.OPEN;
                default -> {
                    String status = Attrs.str(a, "status");
                    yield status == null ? (c.status == null ? SupportCase.OPEN : c.status) : normaliseCaseStatus(status);
                }
            };
        } else {
            c.priority = first(c.priority, Attrs.str(a, "priority"));
        }
    }

    private static String normaliseCaseStatus(String status) {
        return switch (status.toLowerCase(java.util.Locale.ROOT)) {
            case "resolved" -> SupportCase.RESOLVED;
            case "closed" -> SupportCase.CLOSED;
            default -> SupportCase.OPEN;
        };
    }

    private void foldCampaign(Touch t, Map<String, Object> a) {
        String campaignId = t.refs().get("campaignId");
        Instant at = t.occurredAt();
        switch (t.kind()) {
            case TouchKinds.MESSAGE_SENT -> messagesReceived++;
            case TouchKinds.MESSAGE_OPENED -> opens++;
            case TouchKinds.LINK_CLICKED -> clicks++;
            default -> responses++;
        }
        if (campaignId == null) {
            return;
        }
        CampaignStat c = entry(campaigns, x -> x.campaignId, campaignId, () -> new CampaignStat(campaignId));
        c.name = first(c.name, Attrs.str(a, "campaignName"));
        switch (t.kind()) {
            case TouchKinds.MESSAGE_SENT -> {
                c.sent++;
                c.firstSentAt = min(c.firstSentAt, at);
                Amounts.add(c.cost, t.amount()); // the cost of this send, when marketing states it
            }
            case TouchKinds.MESSAGE_OPENED -> c.opened++;
            case TouchKinds.LINK_CLICKED -> {
                c.clicked++;
                c.lastEngagedAt = max(c.lastEngagedAt, at);
            }
            default -> {
                c.responded++;
                c.lastEngagedAt = max(c.lastEngagedAt, at);
            }
        }
    }

    private void countDay(Instant at) {
        String day = at.atZone(ZoneOffset.UTC).toLocalDate().toString();
        entry(days, d -> d.day, day, () -> new DayCount(day)).count++;
        String latest = days.getLast().day;
        String oldest = LocalDate.parse(latest).minusDays(DAYS_KEPT).toString();
        days.removeIf(d -> d.day.compareTo(oldest) < 0);
    }

    /** The entry of a list kept sorted by key, created when missing. */
    private static <T> T entry(List<T> list, Function<T, String> key, String wanted, Supplier<T> create) {
        for (T t : list) {
            if (key.apply(t).equals(wanted)) {
                return t;
            }
        }
        T created = create.get();
        list.add(created);
        list.sort(Comparator.comparing(key));
        return created;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isBefore(a) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isAfter(a) ? a : b;
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }

    // ------------------------------------------------------------------ derived figures

    /** Won revenue per currency. */
    public List<Amount> lifetimeValue() {
        List<Amount> out = new ArrayList<>();
        opportunities.stream().filter(o -> o.isWon() && o.amount != null).forEach(o -> Amounts.add(out, o.amount.value(), o.amount.getCurrency()));
        return out;
    }

    public long wins() {
        return opportunities.stream().filter(Opportunity::isWon).count();
    }

    public Instant lastPurchaseAt() {
        return opportunities.stream().filter(Opportunity::isWon).map(o -> o.closedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
    }

    public List<Opportunity> openOpportunities() {
        return opportunities.stream().filter(o -> Opportunity.OPEN.equals(o.status)).toList();
    }

    public List<SupportCase> openCases() {
        return cases.stream().filter(c -> SupportCase.OPEN.equals(c.status)).toList();
    }

    public Double averageCsat() {
        return csatCount == 0 ? null : Math.round(csatSum * 100.0 / csatCount) / 100.0;
    }

    /** Interactions (non-system touches) on the UTC days from {@code fromInclusive} to {@code toExclusive}. */
    public long interactionsBetween(LocalDate fromInclusive, LocalDate toExclusive) {
        String from = fromInclusive.toString();
        String to = toExclusive.toString();
        return days.stream().filter(d -> d.day.compareTo(from) >= 0 && d.day.compareTo(to) < 0).mapToLong(d -> d.count).sum();
    }

    /**
     * 0–100: how much the customer engages with what marketing sends (opens 1, clicks 2, responses 4 points,
     * against 4 points per message received); null when nothing was sent.
     */
    public Integer engagementScore() {
        if (messagesReceived == 0) {
            return null;
        }
        double points = opens + 2.0 * clicks + 4.0 * responses;
        return (int) Math.min(100, Math.round(100.0 * points / (4.0 * messagesReceived)));
    }

    /** Won revenue in one currency (zero when none). */
    public BigDecimal revenueIn(String currency) {
        return lifetimeValue().stream().filter(a -> a.getCurrency().equals(currency)).map(Amount::value).findFirst().orElse(BigDecimal.ZERO);
    }

    public boolean isPartial() {
        return profile == null;
    }

    public String displayName() {
        return profile == null ? null : profile.displayName;
    }

    // ------------------------------------------------------------------ accessors

    public String getId() {
        return id;
    }

    public Long getVersion() {
        return version;
    }

    public boolean isForgotten() {
        return forgotten;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Profile getProfile() {
        return profile;
    }

    public String getAccountId() {
        return profile != null && profile.accountId != null ? profile.accountId : accountId;
    }

    public long getTotalTouches() {
        return totalTouches;
    }

    public long getInteractions() {
        return interactions;
    }

    public Instant getFirstTouchAt() {
        return firstTouchAt;
    }

    public Instant getLastTouchAt() {
        return lastTouchAt;
    }

    public Instant getLastAnyTouchAt() {
        return lastAnyTouchAt;
    }

    public List<ChannelStat> getChannels() {
        return channels;
    }

    public List<KindCount> getKinds() {
        return kinds;
    }

    public List<Opportunity> getOpportunities() {
        return opportunities;
    }

    public List<Lead> getLeads() {
        return leads;
    }

    public List<SupportCase> getCases() {
        return cases;
    }

    public List<Amount> getSupportCost() {
        return supportCost;
    }

    public long getSupportMinutes() {
        return supportMinutes;
    }

    public long getSlaBreaches() {
        return slaBreaches;
    }

    public long getSlaWarnings() {
        return slaWarnings;
    }

    public long getCsatCount() {
        return csatCount;
    }

    public Integer getLastCsat() {
        return lastCsat;
    }

    public List<CampaignStat> getCampaigns() {
        return campaigns;
    }

    public long getMessagesReceived() {
        return messagesReceived;
    }

    public long getOpens() {
        return opens;
    }

    public long getClicks() {
        return clicks;
    }

    public long getResponses() {
        return responses;
    }

    // ------------------------------------------------------------------ persisted parts

    /** The latest profile snapshot (highest version). */
    public static class Profile {
        public String accountId;
        public String accountName;
        public String firstName;
        public String lastName;
        public String displayName;
        public String nickname;
        public String email;
        public String phone;
        public String title;
        public String ownerId;
        public String lifecycleStage;
        public List<String> consentGranted = new ArrayList<>();
        public List<String> tags = new ArrayList<>();
        public long version;
        public Instant updatedAt;

        static Profile of(CustomerProfile p) {
            Profile v = new Profile();
            v.accountId = p.accountId();
            v.accountName = p.accountName();
            v.firstName = p.firstName();
            v.lastName = p.lastName();
            v.displayName = p.displayName();
            v.nickname = p.nickname();
            v.email = p.email();
            v.phone = p.phone();
            v.title = p.title();
            v.ownerId = p.ownerId();
            v.lifecycleStage = p.lifecycleStage();
            v.consentGranted = new ArrayList<>(p.consent().keySet().stream().filter(p::consents).sorted().toList());
            v.tags = new ArrayList<>(p.tags());
            v.version = p.version();
            v.updatedAt = p.updatedAt();
            return v;
        }
    }

    /** Touches on one channel: how many, and the latest. */
    public static class ChannelStat {
        public String channel;
        public long count;
        public Instant lastAt;
        public String lastKind;
        public String lastSummary;

        ChannelStat() {
        }

        ChannelStat(String channel) {
            this.channel = channel;
        }
    }

    public static class KindCount {
        public String kind;
        public long count;

        KindCount() {
        }

        KindCount(String kind) {
            this.kind = kind;
        }
    }

    /** Interactions on one UTC day ({@code YYYY-MM-DD}). */
    public static class DayCount {
        public String day;
        public long count;

        DayCount() {
        }

        DayCount(String day) {
            this.day = day;
        }
    }

    /** An opportunity as its touches describe it; {@code stateAt} is the occurredAt of the event that set its state. */
    public static class Opportunity {
        public static final String OPEN = "open";
        public static final String WON = "won";
        public static final String LOST = "lost";

        public String opportunityId;
        public String pipelineId;
        /** The lead the deal came from ({@code refs.leadId}), when sales says so. */
        public String leadId;
        public String name;
        public String status;
        public String stage;
        public Integer probability;
        public String category;
        public String expectedCloseDate;
        public String ownerId;
        public Amount amount;
        public Instant createdAt;
        public Instant closedAt;
        public Instant stateAt;
        public String closeReason;
        public Integer cycleDays;
        public List<LineItem> lineItems = new ArrayList<>();

        Opportunity() {
        }

        Opportunity(String opportunityId) {
            this.opportunityId = opportunityId;
        }

        public boolean isWon() {
            return WON.equals(status);
        }

        public boolean isClosed() {
            return WON.equals(status) || LOST.equals(status);
        }

        /** Days from creation to close: the touch's {@code cycleDays}, else computed from the times seen. */
        public Integer cycle() {
            if (cycleDays != null) {
                return cycleDays;
            }
            if (createdAt != null && closedAt != null) {
                return (int) java.time.Duration.between(createdAt, closedAt).toDays();
            }
            return null;
        }
    }

    /** One line of a won deal. */
    public static class LineItem {
        public String productCode;
        public String name;
        public String category;
        public String quantity;
        public String unitPrice;
        public String currency;
        public Integer termMonths;

        static List<LineItem> of(List<Map<String, Object>> raw, String currency) {
            List<LineItem> items = new ArrayList<>();
            for (Map<String, Object> m : raw) {
                LineItem li = new LineItem();
                li.productCode = Attrs.str(m, "productCode");
                li.name = Attrs.str(m, "name");
                li.category = Attrs.str(m, "category");
                BigDecimal q = Attrs.decimal(m, "quantity");
                li.quantity = q == null ? null : q.toPlainString();
                BigDecimal p = Attrs.decimal(m, "unitPrice");
                li.unitPrice = p == null ? null : p.toPlainString();
                li.currency = currency;
                li.termMonths = Attrs.integer(m, "termMonths");
                items.add(li);
            }
            return items;
        }
    }

    /** A lead of this customer, to attribute the opportunity it became to the campaign that brought it. */
    public static class Lead {
        public String leadId;
        public String campaignId;
        public String source;
        public String opportunityId;
        public Instant createdAt;
        public Instant convertedAt;

        Lead() {
        }

        Lead(String leadId) {
            this.leadId = leadId;
        }
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
    }

    /** What one customer received from, and did with, one campaign. */
    public static class CampaignStat {
        public String campaignId;
        public String name;
        public long sent;
        public long opened;
        public long clicked;
        public long responded;
        public Instant firstSentAt;
        public Instant lastEngagedAt;
        /** Cost of the sends to this customer, when marketing puts it on message.sent ({@code amount}). */
        public List<Amount> cost = new ArrayList<>();

        CampaignStat() {
        }

        CampaignStat(String campaignId) {
            this.campaignId = campaignId;
        }
    }
}
