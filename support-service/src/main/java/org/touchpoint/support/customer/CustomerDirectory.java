package org.touchpoint.support.customer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.consumer.AppliedEvents;

/**
 * The service's local copy of what it knows about customers (collection {@value #COLLECTION}), folded from the
 * profile topic ({@link ProfileCopyHandler}) and from touches ({@link TouchFoldHandler}). Nothing here is fetched
 * from another service: it is what arrived as events.
 */
@Component
public class CustomerDirectory {

    static final String COLLECTION = "customers";

    private final MongoTemplate mongo;

    CustomerDirectory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The account the customer belongs to, as its profile (or, before the profile, its touches) says. */
    public Optional<String> accountOf(String customerId) {
        Document d = live(customerId);
        if (d == null) {
            return Optional.empty();
        }
        Document profile = d.get("profile", Document.class);
        if (profile != null && profile.getString("accountId") != null) {
            return Optional.of(profile.getString("accountId"));
        }
        return Optional.ofNullable(d.getString("touchAccountId"));
    }

    public Optional<CustomerCopy> find(String customerId) {
        Document d = live(customerId);
        return d == null ? Optional.empty() : Optional.of(copy(d));
    }

    private Document live(String customerId) {
        Document d = mongo.findById(customerId, Document.class, COLLECTION);
        return d == null || Boolean.TRUE.equals(d.getBoolean(AppliedEvents.FORGOTTEN)) ? null : d;
    }

    private static CustomerCopy copy(Document d) {
        Document p = d.get("profile", Document.class);
        Map<String, Object> profile = p == null ? null : new LinkedHashMap<>(p);
        return new CustomerCopy(d.getString("_id"), profile, d.getString("touchAccountId"),
                list(d, "opportunityEvents"), list(d, "campaigns"), list(d, "recentTouches"));
    }

    private static List<Map<String, Object>> list(Document d, String field) {
        List<Map<String, Object>> out = new ArrayList<>();
        Object raw = d.get(field);
        if (raw instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Document doc) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    doc.forEach((k, v) -> m.put(k, v instanceof Date date ? date.toInstant() : v));
                    out.add(m);
                }
            }
        }
        out.sort(Comparator.comparing(m -> (java.time.Instant) m.get("occurredAt"), Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    /**
     * What the events said about one customer, each list sorted by {@code occurredAt} (oldest first), whatever
     * order the events arrived in.
     *
     * @param profile null until the profile arrived (the customer is then known only through touches)
     */
    public record CustomerCopy(String customerId, Map<String, Object> profile, String touchAccountId,
                               List<Map<String, Object>> opportunityEvents, List<Map<String, Object>> campaigns,
                               List<Map<String, Object>> recentTouches) {
    }
}
