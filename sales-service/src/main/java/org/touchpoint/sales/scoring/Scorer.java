package org.touchpoint.sales.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scores a lead and explains every point: each fit rule that matches, and each engagement rule with the touches it
 * counted (capped at its maximum). Pure: no clock, no database.
 */
public final class Scorer {

    private Scorer() {
    }

    /** One line of the explanation. {@code count} is the number of touches for an engagement rule, 1 for a fit rule. */
    public record Line(String rule, String type, String description, int count, int points) {
    }

    /** A touch of the lead, counted by kind and channel. */
    public record Signal(String kind, String channel, int count) {
    }

    public record Result(int score, List<Line> lines) {
    }

    /**
     * @param field the lead's value of a fit rule's field (industry, title, companySize as a number...)
     */
    public static Result score(ScoringRules rules, Function<String, String> field, List<Signal> signals) {
        List<Line> lines = new ArrayList<>();
        int total = 0;
        for (FitRule r : rules.fit()) {
            String value = field.apply(r.field());
            if (r.matches(value)) {
                lines.add(new Line(r.id(), "fit", describe(r.description(), r.field() + " " + value), 1, r.points()));
                total += r.points();
            }
        }
        Map<EngagementRule, Integer> counts = new LinkedHashMap<>();
        for (Signal s : signals) {
            EngagementRule r = rules.engagementRuleFor(s.kind(), s.channel());
            if (r != null) {
                counts.merge(r, s.count(), Integer::sum);
            }
        }
        for (EngagementRule r : rules.engagement()) {
            Integer n = counts.get(r);
            if (n == null || n == 0) {
                continue;
            }
            long raw = (long) n * r.points();
            int points = (int) (r.maxPoints() == null ? raw : Math.max(Math.min(raw, r.maxPoints()), -r.maxPoints()));
            lines.add(new Line(r.id(), "engagement", describe(r.description(), String.join(", ", r.kinds().isEmpty() ? List.of(r.channel()) : r.kinds())), n, points));
            total += points;
        }
        return new Result(Math.max(0, total), lines);
    }

    private static String describe(String description, String fallback) {
        return description == null || description.isBlank() ? fallback : description;
    }
}
