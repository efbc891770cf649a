package org.touchpoint.marketing.recommend;

/**
 * One next best offer, with why: {@code source} {@code rule} (a configured offer for what the customer bought)
 * or {@code association} (customers who bought the same also bought this), and the measures behind an
 * association. {@code offerCode} is null when a product is recommended that no offer sells yet.
 */
public record Recommendation(String offerCode, String offerName, String productCode, String productName, String source,
                             double score, String reason, String basedOn, Double support, Double confidence, Double lift) {
}
