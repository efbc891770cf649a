package org.touchpoint.marketing.recommend;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.touchpoint.marketing.MarketingProperties;
import org.touchpoint.marketing.customer.CustomerView;
import org.touchpoint.marketing.customer.CustomerViews;
import org.touchpoint.marketing.offer.Offer;
import org.touchpoint.marketing.offer.Offers;

/**
 * The next best offers for a customer: configured offers whose trigger the customer bought, and products learned
 * from co-purchases, never what the customer already bought. The association model is learned from the customer
 * view's won line items and reused for {@code crm.marketing.recommendations.refresh}.
 */
@Service
public class Recommender {

    private final MongoTemplate mongo;
    private final Offers offers;
    private final MarketingProperties.Recommendations settings;
    private final Clock clock;
    private volatile Model model;

    Recommender(MongoTemplate mongo, Offers offers, MarketingProperties properties, Clock clock) {
        this.mongo = mongo;
        this.offers = offers;
        this.settings = properties.recommendations();
        this.clock = clock;
    }

    /** What was learned, and when; product names and categories seen on line items. */
    record Model(Associations associations, Map<String, String> names, Instant learnedAt) {
    }

    public List<Recommendation> recommend(CustomerView customer) {
        Set<String> bought = customer.boughtProducts();
        Map<String, Recommendation> byKey = new LinkedHashMap<>();
        List<Offer> active = offers.active();
        for (Offer offer : active) {
            if (offer.triggers().isEmpty() || (offer.productCode() != null && bought.contains(offer.productCode()))) {
                continue;
            }
            customer.purchases().stream()
                    .filter(p -> offer.triggers().stream().anyMatch(t -> t.matches(p.productCode(), p.category())))
                    .max(Comparator.comparing(p -> p.at() == null ? Instant.EPOCH : p.at()))
                    .ifPresent(p -> {
                        var trigger = offer.triggers().stream().filter(t -> t.matches(p.productCode(), p.category())).findFirst().orElseThrow();
                        String reason = "Configured offer for buyers of " + trigger.describe() + ": bought "
                                + label(p.productCode(), p.name()) + (p.at() == null ? "" : " on " + p.at().toString().substring(0, 10));
                        byKey.put("offer:" + offer.code(), new Recommendation(offer.code(), offer.name(), offer.productCode(), null,
                                "rule", 1.0, reason, p.productCode(), null, null, null));
                    });
        }
        Model m = model();
        Map<String, Offer> offerByProduct = new HashMap<>();
        active.stream().filter(o -> o.productCode() != null).forEach(o -> offerByProduct.putIfAbsent(o.productCode(), o));
        for (String a : bought) {
            for (Associations.AssociationRule rule : m.associations().from(a)) {
                if (bought.contains(rule.to())) {
                    continue;
                }
                Offer offer = offerByProduct.get(rule.to());
                String key = offer != null ? "offer:" + offer.code() : "product:" + rule.to();
                Recommendation existing = byKey.get(key);
                if (existing != null && existing.score() >= rule.confidence()) {
                    continue;
                }
                String reason = String.format(Locale.ROOT,
                        "Customers who bought %s also bought %s: %d of them, confidence %.0f%%, lift %.2f, support %.1f%% of %d buyers",
                        label(a, m.names().get(a)), label(rule.to(), m.names().get(rule.to())), rule.pairCount(),
                        rule.confidence() * 100, rule.lift(), rule.support() * 100, m.associations().baskets());
                byKey.put(key, new Recommendation(offer == null ? null : offer.code(), offer == null ? null : offer.name(), rule.to(),
                        m.names().get(rule.to()), existing != null && "rule".equals(existing.source()) ? "rule" : "association",
                        rule.confidence(), existing != null && "rule".equals(existing.source()) ? existing.reason() + "; " + reason : reason,
                        a, rule.support(), rule.confidence(), rule.lift()));
            }
        }
        List<Recommendation> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.comparingDouble(Recommendation::score).reversed());
        return out;
    }

    /** Offer codes and product codes recommended to the customer (the segment field {@code recommended}). */
    public Set<String> recommendedCodes(CustomerView customer) {
        Set<String> codes = new HashSet<>();
        for (Recommendation r : recommend(customer)) {
            if (r.offerCode() != null) {
                codes.add(r.offerCode());
            }
            if (r.productCode() != null) {
                codes.add(r.productCode());
            }
        }
        return codes;
    }

    private static String label(String code, String name) {
        return name == null || name.isBlank() ? code : name + " (" + code + ")";
    }

    Model model() {
        Model m = model;
        Instant now = clock.instant();
        if (m == null || !m.learnedAt().plus(settings.refresh()).isAfter(now)) {
            m = learn(now);
            model = m;
        }
        return m;
    }

    private Model learn(Instant now) {
        Query q = Query.query(Criteria.where("purchases.0").exists(true)).with(Sort.by(Sort.Direction.DESC, "_id")).limit(settings.maxCustomers());
        q.fields().include("purchases");
        List<Set<String>> baskets = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Document d : mongo.find(q, Document.class, CustomerViews.CUSTOMERS)) {
            Set<String> basket = new HashSet<>();
            for (Document p : d.getList("purchases", Document.class, List.of())) {
                String code = p.getString("productCode");
                if (code != null) {
                    basket.add(code);
                    if (p.getString("name") != null) {
                        names.putIfAbsent(code, p.getString("name"));
                    }
                }
            }
            baskets.add(basket);
        }
        Associations a = Associations.learn(baskets, new Associations.Thresholds(settings.minSupport(), settings.minConfidence(),
                settings.minLift(), settings.minPairCount()));
        return new Model(a, names, now);
    }
}
