package org.touchpoint.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One customer interaction: the data of a {@code crm.touch.<kind>.v1} CloudEvent.
 *
 * @param customerId the customer touched (also the Kafka key and the CloudEvents subject)
 * @param accountId  the customer's account (company), if any
 * @param kind       what happened, e.g. {@code opportunity.won} (see {@link TouchKinds}; the set is open)
 * @param channel    how: one of {@link Channels}
 * @param occurredAt when it happened in the world (not when it was published)
 * @param actor      who did it: a user, a partner, or {@code system}
 * @param summary    one human line, e.g. "Deal won: 40 licences"
 * @param refs       ids of the objects touched, e.g. {@code {"opportunityId": "..."}}
 * @param amount     optional money involved
 * @param attributes optional kind-specific data; consumers ignore what they do not know
 */
public record Touch(
        String customerId,
        String accountId,
        String kind,
        String channel,
        Instant occurredAt,
        String actor,
        String summary,
        Map<String, String> refs,
        Money amount,
        Map<String, Object> attributes) {

    public Touch {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (!EventTypes.isValidKind(kind)) {
            throw new IllegalArgumentException("not a touch kind: " + kind);
        }
        refs = refs == null ? Map.of() : Map.copyOf(refs);
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** Typed access to the attributes, as the touch contract declares them for this kind. */
    public TouchAttributes attrs() {
        return new TouchAttributes(this);
    }

    public static Builder builder(String customerId, String kind) {
        return new Builder(customerId, kind);
    }

    /** Small builder: most touches set a handful of the ten fields. */
    public static final class Builder {
        private final String customerId;
        private final String kind;
        private String accountId;
        private String channel = Channels.SYSTEM;
        private Instant occurredAt;
        private String actor = "system";
        private String summary;
        private final Map<String, String> refs = new LinkedHashMap<>();
        private Money amount;
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        private Builder(String customerId, String kind) {
            this.customerId = customerId;
            this.kind = kind;
        }

        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        public Builder occurredAt(Instant occurredAt) {
            this.occurredAt = occurredAt;
            return this;
        }

        public Builder actor(String actor) {
            this.actor = actor;
            return this;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Builder ref(String name, String id) {
            if (id != null) {
                refs.put(name, id);
            }
            return this;
        }

        public Builder amount(Money amount) {
            this.amount = amount;
            return this;
        }

        public Builder attribute(String name, Object value) {
            if (value != null) {
                attributes.put(name, value);
            }
            return this;
        }

        public Touch build() {
            return new Touch(customerId, accountId, kind, channel,
                    occurredAt == null ? Instant.now() : occurredAt, actor, summary, refs, amount, attributes);
        }
    }
}
