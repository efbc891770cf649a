package org.touchpoint.marketing.segment;

import java.time.Clock;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.security.CrmPrincipal;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.Page;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Defines segments, previews rules, lists members, edits static lists. */
@Service
public class SegmentService {

    static final int PREVIEW_SAMPLE = 10;
    private static final java.util.regex.Pattern CUSTOMER_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final SegmentMembership membership;
    private final JsonMapper json;
    private final Clock clock;

    SegmentService(MongoTemplate mongo, OutboxStore store, SegmentMembership membership, JsonMapper json, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.membership = membership;
        this.json = json;
        this.clock = clock;
    }

    Segment create(SegmentRequest r) {
        String type = r.typeOrDefault();
        Rule rule = null;
        if (Segment.RULE.equals(type)) {
            rule = RuleParser.parse(r.rule(), "rule");
            if (r.customerIds() != null) {
                throw CrmApiException.badRequest("customerIds", "only a static segment lists its customers");
            }
        } else {
            if (r.rule() != null && !r.rule().isNull()) {
                throw CrmApiException.badRequest("rule", "a static segment has no rule");
            }
            checkIds(r.customerIds() == null ? List.of() : r.customerIds(), "customerIds");
        }
        Segment s = store.insert(Segment.create(Ids.newId("seg", clock), r.name().strip(), r.description(), type,
                rule == null ? null : r.rule().toString(), CrmPrincipal.currentActor(), clock.instant()));
        if (rule != null) {
            membership.rebuild(s.getId(), rule);
        } else if (r.customerIds() != null && !r.customerIds().isEmpty()) {
            membership.addStatic(s.getId(), r.customerIds());
        }
        return s;
    }

    /** The segment, or 404. */
    public Segment get(String id) {
        Segment s = mongo.findById(id, Segment.class);
        if (s == null) {
            throw CrmApiException.notFound("segment", id);
        }
        return s;
    }

    Segment replace(String id, SegmentRequest r, String ifMatch) {
        Segment s = get(id);
        Etags.requireMatch(ifMatch, s.getVersion());
        if (r.type() != null && !r.type().equals(s.type())) {
            throw CrmApiException.unprocessable("type", "a segment's type cannot change");
        }
        Rule rule = null;
        if (Segment.RULE.equals(s.type())) {
            rule = RuleParser.parse(r.rule(), "rule");
        } else if (r.rule() != null && !r.rule().isNull()) {
            throw CrmApiException.badRequest("rule", "a static segment has no rule");
        }
        s.update(r.name().strip(), r.description(), rule == null ? null : r.rule().toString(), clock.instant());
        store.update(s);
        if (rule != null) {
            membership.rebuild(s.getId(), rule);
        }
        return s;
    }

    /**
     * Re-evaluates a rule segment over every customer now. Incremental maintenance follows touches and profiles;
     * conditions that change with time alone (bought-within, daysSinceLastTouch, learned recommendations) are
     * brought up to date here, which a launch does before it materialises the recipients.
     */
    public void refresh(String id) {
        Segment s = get(id);
        if (Segment.RULE.equals(s.type())) {
            membership.rebuild(id, RuleParser.parse(json.readTree(s.ruleJson()), "rule"));
        }
    }

    SegmentResponse.Preview preview(JsonNode rule) {
        return membership.preview(RuleParser.parse(rule, "rule"), PREVIEW_SAMPLE);
    }

    void addMembers(String id, List<String> customerIds, boolean add) {
        Segment s = get(id);
        if (!Segment.STATIC.equals(s.type())) {
            throw CrmApiException.conflict("segment " + id + " is rule-based: its members follow its rule");
        }
        checkIds(customerIds, "customerIds");
        if (add) {
            membership.addStatic(id, customerIds);
        } else {
            membership.removeStatic(id, customerIds);
        }
    }

    Page<SegmentResponse.Member> members(String id, Integer limit, String cursor) {
        get(id);
        int size = Page.checkLimit(limit);
        String after = Page.decodeCursor(cursor);
        List<Document> found = membership.page(id, after, size + 1);
        boolean more = found.size() > size;
        List<Document> page = more ? found.subList(0, size) : found;
        return new Page<>(page.stream().map(d -> new SegmentResponse.Member(d.getString("customerId"), d.getString("displayName"),
                d.getString("email"), d.getDate("since") == null ? null : d.getDate("since").toInstant())).toList(),
                more ? Page.encodeCursor(page.getLast().getString("customerId")) : null);
    }

    Page<SegmentResponse> list(Integer limit, String cursor) {
        return CursorQuery.find(mongo, Segment.class, List.of(), limit, cursor, Segment::getId, page -> page.stream().map(this::view).toList());
    }

    SegmentResponse view(Segment s) {
        JsonNode rule = s.ruleJson() == null ? null : json.readTree(s.ruleJson());
        return new SegmentResponse(s.getId(), s.name(), s.description(), s.type(), rule, membership.count(s.getId()),
                s.createdBy(), s.createdAt(), s.updatedAt());
    }

    private static void checkIds(List<String> ids, String field) {
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null || !CUSTOMER_ID.matcher(ids.get(i)).matches()) {
                throw CrmApiException.badRequest(field + "[" + i + "]", "must be a customer id such as con_01J...");
            }
        }
    }
}
