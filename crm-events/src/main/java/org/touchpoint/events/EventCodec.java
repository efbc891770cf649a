package org.touchpoint.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes platform events as CloudEvents 1.0 in Kafka binary mode, through the CloudEvents SDK:
 * attributes in {@code ce_*} headers, JSON data in the value, the customer id as the key. Thread-safe.
 *
 * <p>Tolerant reader: unknown JSON fields are ignored, and {@link #readTouch} answers empty for any type
 * that is not a v1 touch, so new fields and new types never break an old consumer.
 */
public final class EventCodec {

    /** CloudEvents extension carrying the W3C trace context (Distributed Tracing extension): header {@code ce_traceparent}. */
    public static final String TRACEPARENT_EXTENSION = "traceparent";

    private final JsonMapper json;

    public EventCodec() {
        this.json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .changeDefaultPropertyInclusion(incl -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .build();
    }

    /** The JSON of an event's data, as stored in an outbox and sent as the record value. */
    public byte[] writeData(Object data) {
        return json.writeValueAsBytes(data);
    }

    public Touch readTouchData(byte[] data) {
        try {
            return json.readValue(data, Touch.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MalformedEventException("touch data is not valid: " + e.getMessage(), e);
        }
    }

    public CustomerProfile readProfileData(byte[] data) {
        try {
            return json.readValue(data, CustomerProfile.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new MalformedEventException("profile data is not valid: " + e.getMessage(), e);
        }
    }

    /** A Kafka record for an event whose data is already JSON (as kept in an outbox). */
    public ProducerRecord<String, byte[]> toRecord(String topic, String id, String source, String type, String subject,
                                                   Instant time, String traceparent, byte[] data) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create(source))
                .withType(type)
                .withSubject(subject)
                .withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
                .withDataContentType(EventTypes.DATA_CONTENT_TYPE)
                .withData(data);
        if (traceparent != null && !traceparent.isBlank()) {
            builder.withExtension(TRACEPARENT_EXTENSION, traceparent);
        }
        return KafkaMessageFactory.<String>createWriter(topic, subject).writeBinary(builder.build());
    }

    public ProducerRecord<String, byte[]> toRecord(String topic, CrmEvent<?> event) {
        return toRecord(topic, event.id(), event.source(), event.type(), event.subject(), event.time(),
                event.traceparent(), writeData(event.data()));
    }

    /** A tombstone for the compacted profile topic: the customer was erased. */
    public ProducerRecord<String, byte[]> profileTombstone(String customerId) {
        return new ProducerRecord<>(Topics.CUSTOMER_PROFILES, customerId, null);
    }

    /**
     * A v1 touch, or empty when the record carries another type (a consumer ignores types it does not know).
     *
     * @throws MalformedEventException when the record is not a CloudEvent, or a v1 touch whose data is unreadable
     */
    public Optional<CrmEvent<Touch>> readTouch(ConsumerRecord<String, byte[]> record) {
        CloudEvent ce = readCloudEvent(record.headers(), record.value());
        if (EventTypes.kindOfTouchV1(ce.getType()).isEmpty()) {
            return Optional.empty();
        }
        Touch touch = readTouchData(dataOf(ce));
        return Optional.of(envelope(ce, touch));
    }

    /**
     * A profile record: the profile, or {@link ProfileRecord#erased()} for a tombstone.
     * Empty when the record carries a type other than {@code crm.customer.profile.v1}.
     */
    public Optional<ProfileRecord> readProfile(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() == null) {
                throw new MalformedEventException("tombstone without a key");
            }
            return Optional.of(new ProfileRecord(record.key(), null));
        }
        CloudEvent ce = readCloudEvent(record.headers(), record.value());
        if (!EventTypes.CUSTOMER_PROFILE_V1.equals(ce.getType())) {
            return Optional.empty();
        }
        return Optional.of(new ProfileRecord(ce.getSubject(), envelope(ce, readProfileData(dataOf(ce)))));
    }

    private CloudEvent readCloudEvent(Headers headers, byte[] value) {
        try {
            CloudEvent ce = KafkaMessageFactory.createReader(headers, value).toEvent();
            if (ce.getSubject() == null || ce.getTime() == null) {
                throw new MalformedEventException("event " + ce.getId() + " lacks subject or time");
            }
            return ce;
        } catch (CloudEventRWException | IllegalStateException e) {
            throw new MalformedEventException("not a CloudEvent in Kafka binary mode: " + e.getMessage(), e);
        }
    }

    private static byte[] dataOf(CloudEvent ce) {
        if (ce.getData() == null) {
            throw new MalformedEventException("event " + ce.getId() + " has no data");
        }
        return ce.getData().toBytes();
    }

    private static <T> CrmEvent<T> envelope(CloudEvent ce, T data) {
        Object traceparent = ce.getExtension(TRACEPARENT_EXTENSION);
        return new CrmEvent<>(ce.getId(), ce.getSource().toString(), ce.getType(), ce.getSubject(),
                ce.getTime().toInstant(), traceparent == null ? null : traceparent.toString(), data);
    }

    /** One record of the profile topic. {@code event} is null for a tombstone. */
    public record ProfileRecord(String customerId, CrmEvent<CustomerProfile> event) {
        public boolean erased() {
            return event == null;
        }
    }
}
