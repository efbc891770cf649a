package org.touchpoint.marketing.segment;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.touchpoint.marketing.customer.CustomerView;

/**
 * A segment's rule tree: {@code all} / {@code any} / {@code not} over leaf conditions. Made only by
 * {@link RuleParser}, which has checked every field, operator and value, so evaluation never fails.
 */
public sealed interface Rule {

    boolean matches(Facts facts);

    /** Does any condition of the tree need the customer's recommendations (costly: only computed when asked)? */
    boolean usesRecommendations();

    /**
     * What a rule is evaluated against: the customer, the time, which case priorities are urgent, and the offers
     * recommended to the customer (computed at most once, and only if a condition asks).
     */
    final class Facts {
        private final CustomerView customer;
        private final Instant now;
        private final Set<String> urgentPriorities;
        private final Supplier<Set<String>> recommendedSource;
        private Set<String> recommended;

        public Facts(CustomerView customer, Instant now, Set<String> urgentPriorities, Supplier<Set<String>> recommended) {
            this.customer = customer;
            this.now = now;
            this.urgentPriorities = urgentPriorities;
            this.recommendedSource = recommended;
        }

        public CustomerView customer() {
            return customer;
        }

        Set<String> recommended() {
            if (recommended == null) {
                recommended = recommendedSource.get();
            }
            return recommended;
        }
    }

    record All(List<Rule> rules) implements Rule {
        public boolean matches(Facts f) {
            return rules.stream().allMatch(r -> r.matches(f));
        }

        public boolean usesRecommendations() {
            return rules.stream().anyMatch(Rule::usesRecommendations);
        }
    }

    record Any(List<Rule> rules) implements Rule {
        public boolean matches(Facts f) {
            return rules.stream().anyMatch(r -> r.matches(f));
        }

        public boolean usesRecommendations() {
            return rules.stream().anyMatch(Rule::usesRecommendations);
        }
    }

    record Not(Rule rule) implements Rule {
        public boolean matches(Facts f) {
            return !rule.matches(f);
        }

        public boolean usesRecommendations() {
            return rule.usesRecommendations();
        }
    }

    /**
     * One test of one field. {@code value} is a String, Boolean, BigDecimal or List of String, as the field's
     * type wants; {@code days} for {@code bought-within}; {@code currency} for {@code wonTotal}.
     */
    record Condition(String field, String op, Object value, Integer days, String currency) implements Rule {

        public boolean usesRecommendations() {
            return "recommended".equals(field);
        }

        public boolean matches(Facts f) {
            CustomerView c = f.customer;
            return switch (field) {
                case "lifecycleStage" -> string(c.lifecycleStage());
                case "accountId" -> string(c.accountId());
                case "account.industry" -> string(c.account() == null ? null : c.account().industry());
                case "account.tier" -> string(c.account() == null ? null : c.account().tier());
                case "account.supportTier" -> string(c.account() == null ? null : c.account().supportTier());
                case "tags" -> list(c.tags());
                case "consent.email", "consent.sms", "consent.phone" ->
                        c.consents(field.substring("consent.".length())) == (Boolean) value;
                case "purchases.productCode", "purchases.category" -> purchase(c, f.now, field.substring("purchases.".length()));
                case "wonTotal" -> number(c.wonTotals().getOrDefault(currency, BigDecimal.ZERO));
                case "purchaseCount" -> number(BigDecimal.valueOf(c.purchases().size()));
                case "openCases" -> number(BigDecimal.valueOf(c.openCases().size()));
                case "openUrgentCases" -> number(BigDecimal.valueOf(c.openCases().values().stream()
                        .filter(p -> p != null && f.urgentPriorities.contains(p)).count()));
                case "engagementScore" -> number(BigDecimal.valueOf(c.engagement().score()));
                case "daysSinceLastTouch" -> c.lastTouchAt() == null
                        ? !op.equals("lt") && !op.equals("lte") && !op.equals("eq") // never touched: longer than any N
                        : number(BigDecimal.valueOf(Duration.between(c.lastTouchAt(), f.now).toDays()));
                case "recommended" -> f.recommended().contains((String) value);
                default -> false;
            };
        }

        private boolean string(String actual) {
            return switch (op) {
                case "eq" -> Objects.equals(actual, value);
                case "ne" -> !Objects.equals(actual, value);
                case "in" -> actual != null && ((List<?>) value).contains(actual);
                case "exists" -> (actual != null) == (Boolean) value;
                default -> false;
            };
        }

        private boolean list(List<String> actual) {
            return switch (op) {
                case "contains" -> actual.contains((String) value);
                case "in" -> ((List<?>) value).stream().anyMatch(actual::contains);
                case "exists" -> !actual.isEmpty() == (Boolean) value;
                default -> false;
            };
        }

        private boolean purchase(CustomerView c, Instant now, String which) {
            return switch (op) {
                case "contains" -> c.bought(which, (String) value, null);
                case "bought-within" -> c.bought(which, (String) value, now.minus(Duration.ofDays(days)));
                case "not-bought-within" -> !c.bought(which, (String) value, now.minus(Duration.ofDays(days)));
                default -> false;
            };
        }

        private boolean number(BigDecimal actual) {
            int cmp = actual.compareTo((BigDecimal) value);
            return switch (op) {
                case "eq" -> cmp == 0;
                case "gt" -> cmp > 0;
                case "gte" -> cmp >= 0;
                case "lt" -> cmp < 0;
                case "lte" -> cmp <= 0;
                default -> false;
            };
        }
    }
}
