package org.touchpoint.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The latest snapshot of a customer, published to the compacted {@link Topics#CUSTOMER_PROFILES} topic
 * keyed by customer id. Every service keeps the copy it needs; a tombstone (null value) means erased.
 *
 * @param version increases with every change of the contact; a consumer keeps the highest it has seen
 * @param consent per channel ({@code email}, {@code sms}, {@code phone})
 * @param preferences free-text notes on how the customer likes to be dealt with ("prefers calls in the morning");
 *                    optional, added compatibly (absent in older snapshots)
 */
public record CustomerProfile(
        String customerId,
        String accountId,
        String accountName,
        String firstName,
        String lastName,
        String displayName,
        String nickname,
        String email,
        String phone,
        String title,
        String ownerId,
        String lifecycleStage,
        Map<String, Consent> consent,
        List<String> tags,
        long version,
        Instant updatedAt,
        String preferences) {

    /** A snapshot without preferences (producers and tests written before the field existed). */
    public CustomerProfile(String customerId, String accountId, String accountName, String firstName, String lastName,
                           String displayName, String nickname, String email, String phone, String title, String ownerId,
                           String lifecycleStage, Map<String, Consent> consent, List<String> tags, long version,
                           Instant updatedAt) {
        this(customerId, accountId, accountName, firstName, lastName, displayName, nickname, email, phone, title, ownerId,
                lifecycleStage, consent, tags, version, updatedAt, null);
    }

    public CustomerProfile {
        Objects.requireNonNull(customerId, "customerId");
        consent = consent == null ? Map.of() : Map.copyOf(consent);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** True when the customer agreed to be contacted on this channel. No record means no consent. */
    public boolean consents(String channel) {
        Consent c = consent.get(channel);
        return c != null && c.granted();
    }
}
