package org.touchpoint.marketing.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What marketing knows of one customer, folded from the profile topic and the touches: who they are and what
 * they agreed to, their account's industry and tiers, what they bought, their open cases and how they engage.
 *
 * @param known      a profile has arrived (touches for customers not yet known are kept, but such a customer
 *                   is never a segment member or a recipient)
 * @param consent    per channel (email, sms, phone): true only when granted
 * @param openCases  case id to priority, for the cases still open
 * @param lastTouchAt the latest non-system touch (a conversation with the customer), or null
 */
public record CustomerView(
        String id,
        boolean known,
        String firstName,
        String lastName,
        String displayName,
        String nickname,
        String email,
        String accountId,
        String lifecycleStage,
        List<String> tags,
        Map<String, Boolean> consent,
        List<Purchase> purchases,
        List<Win> wins,
        Map<String, String> openCases,
        Engagement engagement,
        Instant lastTouchAt,
        AccountView account) {

    /** One won line item: the customer bought this product (of this category) on that day. */
    public record Purchase(String productCode, String name, String category, Instant at, String opportunityId) {
    }

    /** One won deal, its total in its currency. */
    public record Win(String opportunityId, Instant at, BigDecimal amount, String currency) {
    }

    /** Opens, clicks and responses to campaign messages. */
    public record Engagement(long opens, long clicks, long responses) {

        public static final Engagement NONE = new Engagement(0, 0, 0);

        /** opens + 3 × clicks + 5 × responses: a response weighs more than a glance. */
        public long score() {
            return opens + 3 * clicks + 5 * responses;
        }
    }

    public boolean consents(String channel) {
        return Boolean.TRUE.equals(consent.get(channel));
    }

    public Set<String> boughtProducts() {
        return purchases.stream().map(Purchase::productCode).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    }

    public boolean bought(String field, String value, Instant since) {
        return purchases.stream().anyMatch(p -> value.equals("category".equals(field) ? p.category() : p.productCode())
                && (since == null || (p.at() != null && !p.at().isBefore(since))));
    }

    /** Total won per currency. */
    public Map<String, BigDecimal> wonTotals() {
        return wins.stream().collect(Collectors.groupingBy(Win::currency,
                Collectors.reducing(BigDecimal.ZERO, Win::amount, BigDecimal::add)));
    }

    /** The name to greet the customer with: the nickname, else the first name, else the display name. */
    public String greetingName() {
        if (nickname != null && !nickname.isBlank()) {
            return nickname;
        }
        return firstName != null && !firstName.isBlank() ? firstName : displayName;
    }
}
