package org.touchpoint.marketing.segment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.bson.Document;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.touchpoint.marketing.MarketingProperties;
import org.touchpoint.marketing.customer.CustomerChanged;
import org.touchpoint.marketing.customer.CustomerView;
import org.touchpoint.marketing.customer.CustomerViews;
import org.touchpoint.marketing.recommend.Recommender;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who is in which segment (collection {@value #COLLECTION}, one document per segment and customer). Rule
 * segments are evaluated in full when defined, then kept up to date incrementally: when one customer's view
 * changes, only that customer is re-evaluated against every rule segment. Static lists change only by the API.
 */
@Component
public class SegmentMembership {

    public static final String COLLECTION = "segment_members";
    private static final int SCAN_BATCH = 500;

    private final MongoTemplate mongo;
    private final CustomerViews customers;
    private final Recommender recommender;
    private final JsonMapper json;
    private final Set<String> urgent;
    private final Clock clock;
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    SegmentMembership(MongoTemplate mongo, CustomerViews customers, Recommender recommender, JsonMapper json,
                      MarketingProperties properties, Clock clock) {
        this.mongo = mongo;
        this.customers = customers;
        this.recommender = recommender;
        this.json = json;
        this.urgent = Set.copyOf(properties.urgentPriorities());
        this.clock = clock;
        mongo.indexOps(COLLECTION).createIndex(new Index("segmentId", Sort.Direction.ASC).on("customerId", Sort.Direction.ASC).named("segment"));
        mongo.indexOps(COLLECTION).createIndex(new Index("customerId", Sort.Direction.ASC).named("customer"));
    }

    static String key(String segmentId, String customerId) {
        return segmentId + "|" + customerId;
    }

    public boolean matches(Rule rule, CustomerView c, Instant now) {
        return c.known() && rule.matches(new Rule.Facts(c, now, urgent, () -> recommender.recommendedCodes(c)));
    }

    @EventListener
    void onCustomerChanged(CustomerChanged change) {
        if (change.erased()) {
            mongo.remove(Query.query(Criteria.where("customerId").is(change.customerId())), COLLECTION);
            return;
        }
        List<String> ids = change.customerId() != null ? List.of(change.customerId()) : customers.customersOf(change.accountId());
        if (ids.isEmpty()) {
            return;
        }
        Map<String, Rule> rules = ruleSegments();
        for (String id : ids) {
            customers.find(id).ifPresent(c -> {
                Instant now = clock.instant();
                rules.forEach((segmentId, rule) -> set(segmentId, c, matches(rule, c, now), now));
            });
        }
    }

    /** Evaluates a rule segment over every known customer (when it is defined or its rule changes). */
    void rebuild(String segmentId, Rule rule) {
        Instant now = clock.instant();
        customers.forEachKnown(SCAN_BATCH, batch -> {
            List<String> out = new ArrayList<>();
            for (CustomerView c : batch) {
                if (matches(rule, c, now)) {
                    add(segmentId, c.id(), c.displayName(), c.email(), now);
                } else {
                    out.add(key(segmentId, c.id()));
                }
            }
            if (!out.isEmpty()) {
                mongo.remove(Query.query(Criteria.where("_id").in(out)), COLLECTION);
            }
        });
    }

    /** Counts a rule over every known customer without saving anything, with the first {@code sampleSize} members. */
    SegmentResponse.Preview preview(Rule rule, int sampleSize) {
        Instant now = clock.instant();
        long[] count = {0};
        List<SegmentResponse.Member> sample = new ArrayList<>();
        customers.forEachKnown(SCAN_BATCH, batch -> {
            for (CustomerView c : batch) {
                if (matches(rule, c, now)) {
                    count[0]++;
                    if (sample.size() < sampleSize) {
                        sample.add(new SegmentResponse.Member(c.id(), c.displayName(), c.email(), null));
                    }
                }
            }
        });
        return new SegmentResponse.Preview(count[0], sample);
    }

    void addStatic(String segmentId, List<String> customerIds) {
        Instant now = clock.instant();
        var known = customers.find(new HashSet<>(customerIds));
        for (String id : customerIds) {
            CustomerView c = known.get(id);
            add(segmentId, id, c == null ? null : c.displayName(), c == null ? null : c.email(), now);
        }
    }

    void removeStatic(String segmentId, List<String> customerIds) {
        mongo.remove(Query.query(Criteria.where("_id").in(customerIds.stream().map(id -> key(segmentId, id)).toList())), COLLECTION);
    }

    public long count(String segmentId) {
        return mongo.count(Query.query(Criteria.where("segmentId").is(segmentId)), COLLECTION);
    }

    /** The members after {@code afterCustomerId} in id order, at most {@code limit}. */
    public List<Document> page(String segmentId, String afterCustomerId, int limit) {
        Criteria where = Criteria.where("segmentId").is(segmentId);
        if (afterCustomerId != null) {
            where = where.and("customerId").gt(afterCustomerId);
        }
        return mongo.find(Query.query(where).with(Sort.by("customerId")).limit(limit), Document.class, COLLECTION);
    }

    private void set(String segmentId, CustomerView c, boolean member, Instant now) {
        if (member) {
            add(segmentId, c.id(), c.displayName(), c.email(), now);
        } else {
            mongo.remove(Query.query(Criteria.where("_id").is(key(segmentId, c.id()))), COLLECTION);
        }
    }

    private void add(String segmentId, String customerId, String displayName, String email, Instant now) {
        mongo.findAndModify(Query.query(Criteria.where("_id").is(key(segmentId, customerId))),
                new Update().setOnInsert("segmentId", segmentId).setOnInsert("customerId", customerId).setOnInsert("since", now)
                        .set("displayName", displayName).set("email", email),
                FindAndModifyOptions.options().upsert(true), Document.class, COLLECTION);
    }

    /** Every rule segment's parsed rule; a rule is parsed again only when its text changed. */
    private Map<String, Rule> ruleSegments() {
        Query q = Query.query(Criteria.where("type").is(Segment.RULE));
        q.fields().include("_id").include("ruleJson");
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Document d : mongo.find(q, Document.class, "segments")) {
            String id = d.getString("_id");
            String text = d.getString("ruleJson");
            Parsed cached = parsed.get(id);
            if (cached == null || !cached.text().equals(text)) {
                cached = new Parsed(text, RuleParser.parse(json.readTree(text), "rule"));
                parsed.put(id, cached);
            }
            rules.put(id, cached.rule());
        }
        return rules;
    }

    private record Parsed(String text, Rule rule) {
    }
}
