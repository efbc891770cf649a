package org.touchpoint.marketing.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.consumer.AppliedEvents;

/**
 * Reads the customer view folded by {@link CustomerFolding}: collection {@value #CUSTOMERS} (one document per
 * customer) and {@value #ACCOUNTS} (one per account, from account-level touches).
 */
@Component
public class CustomerViews {

    public static final String CUSTOMERS = "customer_view";
    public static final String ACCOUNTS = "account_view";

    private final MongoTemplate mongo;

    CustomerViews(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(CUSTOMERS).createIndex(new Index("accountId", Sort.Direction.ASC).named("account"));
    }

    /** The customer as far as marketing knows it (possibly not {@code known} yet), or empty. */
    public Optional<CustomerView> find(String customerId) {
        Document d = mongo.findById(customerId, Document.class, CUSTOMERS);
        if (d == null || Boolean.TRUE.equals(d.getBoolean(AppliedEvents.FORGOTTEN))) {
            return Optional.empty();
        }
        return Optional.of(toView(d, account(d.getString("accountId"))));
    }

    public Map<String, CustomerView> find(Collection<String> customerIds) {
        Map<String, CustomerView> views = new HashMap<>();
        List<Document> docs = mongo.find(Query.query(Criteria.where("_id").in(customerIds)), Document.class, CUSTOMERS);
        Map<String, AccountView> accounts = accounts(docs);
        for (Document d : docs) {
            if (!Boolean.TRUE.equals(d.getBoolean(AppliedEvents.FORGOTTEN))) {
                views.put(d.getString("_id"), toView(d, accounts.get(d.getString("accountId"))));
            }
        }
        return views;
    }

    /** Every known customer, in id order, in batches of {@code batchSize} (a full scan: previews, rebuilds). */
    public void forEachKnown(int batchSize, Consumer<List<CustomerView>> batch) {
        String after = null;
        while (true) {
            Criteria where = Criteria.where("known").is(true);
            if (after != null) {
                where = where.and("_id").gt(after);
            }
            List<Document> docs = mongo.find(Query.query(where).with(Sort.by("_id")).limit(batchSize), Document.class, CUSTOMERS);
            if (docs.isEmpty()) {
                return;
            }
            Map<String, AccountView> accounts = accounts(docs);
            batch.accept(docs.stream().map(d -> toView(d, accounts.get(d.getString("accountId")))).toList());
            after = docs.getLast().getString("_id");
            if (docs.size() < batchSize) {
                return;
            }
        }
    }

    /** Ids of the known customers of one account. */
    public List<String> customersOf(String accountId) {
        Query q = Query.query(Criteria.where("accountId").is(accountId).and("known").is(true));
        q.fields().include("_id");
        return mongo.find(q, Document.class, CUSTOMERS).stream().map(d -> d.getString("_id")).toList();
    }

    private AccountView account(String accountId) {
        if (accountId == null) {
            return null;
        }
        Document a = mongo.findById(accountId, Document.class, ACCOUNTS);
        return a == null ? AccountView.none(accountId) : toAccount(a);
    }

    private Map<String, AccountView> accounts(List<Document> customers) {
        List<String> ids = customers.stream().map(d -> d.getString("accountId")).filter(java.util.Objects::nonNull).distinct().toList();
        Map<String, AccountView> found = new HashMap<>();
        ids.forEach(id -> found.put(id, AccountView.none(id)));
        if (!ids.isEmpty()) {
            mongo.find(Query.query(Criteria.where("_id").in(ids)), Document.class, ACCOUNTS)
                    .forEach(a -> found.put(a.getString("_id"), toAccount(a)));
        }
        return found;
    }

    private static AccountView toAccount(Document a) {
        return new AccountView(a.getString("_id"), a.getString("name"), a.getString("industry"), a.getString("tier"), a.getString("supportTier"));
    }

    @SuppressWarnings("unchecked")
    static CustomerView toView(Document d, AccountView account) {
        Map<String, Boolean> consent = new LinkedHashMap<>();
        Document c = d.get("consent", Document.class);
        if (c != null) {
            c.forEach((channel, granted) -> consent.put(channel, Boolean.TRUE.equals(granted)));
        }
        if (Boolean.TRUE.equals(d.getBoolean("mailOptOut"))) {
            consent.put("mail", false); // a direct-mail opt-out: marketing's own suppression (no profile consent exists)
        }
        List<CustomerView.Purchase> purchases = new ArrayList<>();
        for (Document p : (List<Document>) d.getOrDefault("purchases", List.of())) {
            purchases.add(new CustomerView.Purchase(p.getString("productCode"), p.getString("name"), p.getString("category"),
                    instant(p.get("at")), p.getString("opportunityId")));
        }
        List<CustomerView.Win> wins = new ArrayList<>();
        for (Document w : (List<Document>) d.getOrDefault("wins", List.of())) {
            wins.add(new CustomerView.Win(w.getString("opportunityId"), instant(w.get("at")), new BigDecimal(w.getString("amount")),
                    w.getString("currency")));
        }
        Map<String, String> openCases = new LinkedHashMap<>();
        Document oc = d.get("openCases", Document.class);
        if (oc != null) {
            oc.forEach((id, priority) -> openCases.put(id, priority == null ? null : priority.toString()));
        }
        return new CustomerView(d.getString("_id"), Boolean.TRUE.equals(d.getBoolean("known")), d.getString("firstName"),
                d.getString("lastName"), d.getString("displayName"), d.getString("nickname"), d.getString("email"),
                d.getString("accountId"), d.getString("lifecycleStage"), (List<String>) d.getOrDefault("tags", List.of()), consent,
                purchases, wins, openCases,
                new CustomerView.Engagement(number(d.get("opens")), number(d.get("clicks")), number(d.get("responses"))),
                instant(d.get("lastTouchAt")), account);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static Instant instant(Object o) {
        return o instanceof Date date ? date.toInstant() : null;
    }
}
