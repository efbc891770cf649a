package org.touchpoint.marketing.recommend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Co-purchase association rules learned from baskets (the set of products each customer bought): for every pair
 * of products A → B, {@code support} = share of buyers who bought both, {@code confidence} = share of A's buyers
 * who also bought B, {@code lift} = confidence ÷ share of buyers who bought B (above 1: buying A makes B more
 * likely). Only rules over the thresholds are kept. Pure: no Spring, no database.
 */
public final class Associations {

    /** A → B with its measures; {@code pairCount} customers bought both. */
    public record AssociationRule(String from, String to, double support, double confidence, double lift, long pairCount) {
    }

    public record Thresholds(double minSupport, double minConfidence, double minLift, int minPairCount) {
    }

    private final Map<String, List<AssociationRule>> byAntecedent;
    private final long baskets;

    private Associations(Map<String, List<AssociationRule>> byAntecedent, long baskets) {
        this.byAntecedent = byAntecedent;
        this.baskets = baskets;
    }

    public static Associations learn(Collection<Set<String>> baskets, Thresholds t) {
        Map<String, Long> item = new HashMap<>();
        Map<String, Map<String, Long>> pair = new HashMap<>();
        long n = 0;
        for (Set<String> basket : baskets) {
            if (basket.isEmpty()) {
                continue;
            }
            n++;
            for (String a : basket) {
                item.merge(a, 1L, Long::sum);
                for (String b : basket) {
                    if (!a.equals(b)) {
                        pair.computeIfAbsent(a, k -> new HashMap<>()).merge(b, 1L, Long::sum);
                    }
                }
            }
        }
        Map<String, List<AssociationRule>> rules = new HashMap<>();
        for (var a : pair.entrySet()) {
            long countA = item.get(a.getKey());
            for (var b : a.getValue().entrySet()) {
                long both = b.getValue();
                double support = (double) both / n;
                double confidence = (double) both / countA;
                double lift = confidence / ((double) item.get(b.getKey()) / n);
                if (both >= t.minPairCount() && support >= t.minSupport() && confidence >= t.minConfidence() && lift >= t.minLift()) {
                    rules.computeIfAbsent(a.getKey(), k -> new ArrayList<>())
                            .add(new AssociationRule(a.getKey(), b.getKey(), support, confidence, lift, both));
                }
            }
        }
        rules.values().forEach(list -> list.sort(Comparator.comparingDouble(AssociationRule::confidence).reversed()
                .thenComparing(Comparator.comparingDouble(AssociationRule::lift).reversed())
                .thenComparing(AssociationRule::to)));
        return new Associations(rules, n);
    }

    /** The rules whose antecedent is {@code product}, best first. */
    public List<AssociationRule> from(String product) {
        return byAntecedent.getOrDefault(product, List.of());
    }

    public long baskets() {
        return baskets;
    }

    public int size() {
        return byAntecedent.values().stream().mapToInt(List::size).sum();
    }
}
