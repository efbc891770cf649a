package org.touchpoint.marketing.segment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.bson.Document;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
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

    /**
     * Re-evaluates the customers that changed against every rule segment, writing only what differs (one {@code _id}
     * read of their memberships, one bulk write); an erased customer leaves every segment. Idempotent: a change
     * announced twice writes nothing the second time. A failure is thrown to the announcer, which has it retried.
     */
    @EventListener
    void onCustomerChanged(CustomerChanged change) {
        if (change.erased()) {
            forget(change.customerIds());
            return;
        }
        List<String> ids = change.accountId() != null ? customers.customersOf(change.accountId()) : change.customerIds();
        Map<String, Rule> rules = ids.isEmpty() ? Map.of() : ruleSegments();
        if (rules.isEmpty()) {
            return;
        }
        for (int from = 0; from < ids.size(); from += SCAN_BATCH) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + SCAN_BATCH));
            reevaluate(rules, chunk, customers.find(chunk), clock.instant());
        }
    }

    private void reevaluate(Map<String, Rule> rules, List<String> ids, Map<String, CustomerView> views, Instant now) {
        List<String> keys = new ArrayList<>(ids.size() * rules.size());
        ids.forEach(id -> rules.keySet().forEach(segmentId -> keys.add(key(segmentId, id))));
        Query q = Query.query(Criteria.where("_id").in(keys));
        q.fields().include("displayName", "email");
        Map<String, Document> stored = new HashMap<>();
        mongo.find(q, Document.class, COLLECTION).forEach(d -> stored.put(d.getString("_id"), d));
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, COLLECTION);
        int writes = 0;
        for (String id : ids) {
            CustomerView c = views.get(id); // absent: erased meanwhile, a member of nothing
            for (Map.Entry<String, Rule> segment : rules.entrySet()) {
                String key = key(segment.getKey(), id);
                Document held = stored.get(key);
                if (c != null && matches(segment.getValue(), c, now)) {
                    if (held == null || !Objects.equals(held.getString("displayName"), c.displayName())
                            || !Objects.equals(held.getString("email"), c.email())) {
                        bulk.upsert(Query.query(Criteria.where("_id").is(key)), membership(segment.getKey(), id, c.displayName(), c.email(), now));
                        writes++;
                    }
                } else if (held != null) {
                    bulk.remove(Query.query(Criteria.where("_id").is(key)));
                    writes++;
                }
            }
        }
        if (writes > 0) {
            bulk.execute();
        }
    }

    /** Drops erased customers from every segment, rule or static, by {@code _id}. */
    private void forget(List<String> customerIds) {
        Query q = new Query();
        q.fields().include("_id");
        List<String> keys = new ArrayList<>();
        for (Document s : mongo.find(q, Document.class, "segments")) {
            customerIds.forEach(id -> keys.add(key(s.getString("_id"), id)));
        }
        if (!keys.isEmpty()) {
            mongo.remove(Query.query(Criteria.where("_id").in(keys)), COLLECTION);
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

    private void add(String segmentId, String customerId, String displayName, String email, Instant now) {
        mongo.upsert(Query.query(Criteria.where("_id").is(key(segmentId, customerId))),
                membership(segmentId, customerId, displayName, email, now), COLLECTION);
    }

    private static Update membership(String segmentId, String customerId, String displayName, String email, Instant now) {
        return new Update().setOnInsert("segmentId", segmentId).setOnInsert("customerId", customerId).setOnInsert("since", now)
                .set("displayName", displayName).set("email", email);
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
