package org.touchpoint.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The CloudEvents 1.0 envelope as the platform uses it. On Kafka it travels in binary mode: these
 * attributes in {@code ce_*} headers, {@code data} as JSON in the record value.
 *
 * @param id          UUID; the idempotency key every consumer dedupes by
 * @param source      the producing service, {@code /crm/sales-service}
 * @param type        e.g. {@code crm.touch.opportunity.won.v1}
 * @param subject     the customer id (also the Kafka key)
 * @param time        when the event was created
 * @param traceparent W3C trace context of the request that caused it, or null
 * @param data        the payload ({@link Touch} or {@link CustomerProfile})
 */
public record CrmEvent<T>(String id, String source, String type, String subject, Instant time, String traceparent, T data) {

    public CrmEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
    }

    public static CrmEvent<Touch> touch(String serviceName, Touch touch, String traceparent) {
        return new CrmEvent<>(UUID.randomUUID().toString(), EventTypes.source(serviceName),
                EventTypes.touchV1(touch.kind()), touch.customerId(), Instant.now(), traceparent, touch);
    }

    public static CrmEvent<CustomerProfile> profile(String serviceName, CustomerProfile profile, String traceparent) {
        return new CrmEvent<>(UUID.randomUUID().toString(), EventTypes.source(serviceName),
                EventTypes.CUSTOMER_PROFILE_V1, profile.customerId(), Instant.now(), traceparent, profile);
    }
}
