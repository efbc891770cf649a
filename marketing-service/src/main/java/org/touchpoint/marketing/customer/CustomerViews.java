package org.touchpoint.marketing.customer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.consumer.KafkaTopicsProperties;

/**
 * Reads what {@link CustomerFold} and {@link AccountFold} folded: collection {@value #CUSTOMERS} (one document per
 * customer) and {@value #ACCOUNTS} (one per account). Every read of one customer, of a page of customers or of an
 * account's customers is by {@code _id}; only {@link #forEachKnown} (previews, rule rebuilds) scans.
 */
@Component
public class CustomerViews {

    /**
     * New names for the folded copies (the hand-folded {@code customer_view} and {@code account_view} had another
     * shape and no engine version): the folding consumer group replays both topics from the start into these; the old
     * collections are no longer read and can be dropped.
     */
    public static final String CUSTOMERS = "customers";
    public static final String ACCOUNTS = "accounts";
    /** The aggregates of {@link CustomerFold}: the customers of each account, one document per account and partition. */
    static final String ACCOUNT_MEMBERS = CUSTOMERS + "_aggregates";

    private final MongoTemplate mongo;
    private final int partitions;

    CustomerViews(MongoTemplate mongo, KafkaTopicsProperties kafka) {
        this.mongo = mongo;
        this.partitions = kafka.partitions();
        // For real MongoDB: the rule rebuilds and previews scan the known customers in id order.
        mongo.indexOps(CUSTOMERS).createIndex(new Index("known", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("known"));
    }

    /** The customer as far as marketing knows it (possibly not {@code known} yet), or empty. */
    public Optional<CustomerView> find(String customerId) {
        FoldedCustomer c = mongo.findById(customerId, FoldedCustomer.class, CUSTOMERS);
        if (c == null || c.isForgotten()) {
            return Optional.empty();
        }
        FoldedAccount a = c.accountId == null ? null : mongo.findById(c.accountId, FoldedAccount.class, ACCOUNTS);
        return Optional.of(toView(c, c.accountId == null ? null : toAccount(c.accountId, a)));
    }

    public Map<String, CustomerView> find(Collection<String> customerIds) {
        Map<String, CustomerView> views = new HashMap<>();
        if (customerIds.isEmpty()) {
            return views;
        }
        List<FoldedCustomer> found = mongo.find(Query.query(Criteria.where("_id").in(customerIds)), FoldedCustomer.class, CUSTOMERS)
                .stream().filter(c -> !c.isForgotten()).toList();
        Map<String, AccountView> accounts = accounts(found);
        found.forEach(c -> views.put(c.getId(), toView(c, accounts.get(c.accountId))));
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
            List<FoldedCustomer> found = mongo.find(Query.query(where).with(Sort.by("_id")).limit(batchSize), FoldedCustomer.class, CUSTOMERS);
            if (found.isEmpty()) {
                return;
            }
            Map<String, AccountView> accounts = accounts(found);
            batch.accept(found.stream().map(c -> toView(c, accounts.get(c.accountId))).toList());
            after = found.getLast().getId();
            if (found.size() < batchSize) {
                return;
            }
        }
    }

    /**
     * Ids of the known customers of one account, in id order: the members of the account's aggregate, one document per
     * partition, read by {@code _id}.
     */
    public List<String> customersOf(String accountId) {
        List<String> ids = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            ids.add(CustomerFold.ACCOUNT_AGGREGATE + accountId + "#" + p);
        }
        Query q = Query.query(Criteria.where("_id").in(ids));
        q.fields().include("m");
        TreeSet<String> members = new TreeSet<>();
        for (Document d : mongo.find(q, Document.class, ACCOUNT_MEMBERS)) {
            if (d.get("m") instanceof Document m) {
                m.keySet().forEach(members::add); // customer ids need no escaping: no '.', '%' or leading '$'
            }
        }
        return List.copyOf(members);
    }

    private Map<String, AccountView> accounts(List<FoldedCustomer> customers) {
        List<String> ids = customers.stream().map(c -> c.accountId).filter(Objects::nonNull).distinct().toList();
        Map<String, AccountView> found = new HashMap<>();
        if (!ids.isEmpty()) {
            Map<String, FoldedAccount> stored = new HashMap<>();
            mongo.find(Query.query(Criteria.where("_id").in(ids)), FoldedAccount.class, ACCOUNTS).forEach(a -> stored.put(a.getId(), a));
            ids.forEach(id -> found.put(id, toAccount(id, stored.get(id))));
        }
        return found;
    }

    private static AccountView toAccount(String id, FoldedAccount a) {
        return a == null || a.isForgotten() ? AccountView.none(id) : new AccountView(id, a.name, a.industry, a.tier, a.supportTier);
    }

    static CustomerView toView(FoldedCustomer c, AccountView account) {
        Map<String, Boolean> consent = new LinkedHashMap<>();
        c.consent.forEach((channel, granted) -> consent.put(channel, Boolean.TRUE.equals(granted)));
        if (c.mailOptOut) {
            consent.put("mail", false); // a direct-mail opt-out: marketing's own suppression (no profile consent exists)
        }
        Map<String, String> openCases = new LinkedHashMap<>();
        c.openCases.forEach(o -> openCases.put(o.caseId(), o.priority()));
        return new CustomerView(c.getId(), c.known, c.firstName, c.lastName, c.displayName, c.nickname, c.email, c.accountId,
                c.lifecycleStage, List.copyOf(c.tags), consent,
                c.purchases.stream().map(p -> new CustomerView.Purchase(p.productCode(), p.name(), p.category(), p.at(),
                        p.opportunityId())).toList(),
                c.wins.stream().map(w -> new CustomerView.Win(w.opportunityId(), w.at(), new BigDecimal(w.amount()), w.currency())).toList(),
                openCases, new CustomerView.Engagement(c.opens, c.clicks, c.responses), c.lastTouchAt, account);
    }

}
