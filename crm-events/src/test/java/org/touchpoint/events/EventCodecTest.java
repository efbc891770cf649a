package org.touchpoint.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();
    private final JsonMapper plain = JsonMapper.builder().build();

    static Touch wonTouch() {
        return Touch.builder("cus_01JD5Z8Q4W3V6R7T8Y9U0I1O2P", TouchKinds.OPPORTUNITY_WON)
                .accountId("acc_01JD5Z8Q4W3V6R7T8Y9U0I1O2Q")
                .channel(Channels.VISIT)
                .occurredAt(Instant.parse("2026-11-20T10:15:30Z"))
                .actor("user:lucia.fernandez")
                .summary("Deal won: 40 licencias Plan Premium")
                .ref("opportunityId", "opp_01JD5Z8Q4W3V6R7T8Y9U0I1O2R")
                .amount(new Money("48000.00", "EUR"))
                .attribute("lineItems", List.of(Map.of("productCode", "PREMIUM-LIC", "quantity", 40, "unitPrice", "1200.00")))
                .build();
    }

    static CustomerProfile profile() {
        return new CustomerProfile("cus_01JD5Z8Q4W3V6R7T8Y9U0I1O2P", "acc_01JD5Z8Q4W3V6R7T8Y9U0I1O2Q",
                "Distribuidora Andina S.A.", "Mariana", "Souza", "Mariana Souza", "Mari",
                "mariana.souza@andina.example", "+55 11 3456-7890", "Gerente de Compras", "user:lucia.fernandez",
                "customer", Map.of("email", new Consent(Consent.GRANTED, Instant.parse("2026-10-01T08:00:00Z"), "web-form")),
                List.of("vip", "retail"), 7, Instant.parse("2026-11-20T10:16:00Z"));
    }

    private byte[] golden(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void touchDataMatchesTheGoldenFile() throws IOException {
        JsonNode written = plain.readTree(codec.writeData(wonTouch()));
        assertThat(written).isEqualTo(plain.readTree(golden("touch.opportunity.won.v1.json")));
    }

    @Test
    void goldenTouchReadsBackToTheSameRecord() throws IOException {
        assertThat(codec.readTouchData(golden("touch.opportunity.won.v1.json"))).isEqualTo(wonTouch());
    }

    @Test
    void profileDataMatchesTheGoldenFile() throws IOException {
        JsonNode written = plain.readTree(codec.writeData(profile()));
        assertThat(written).isEqualTo(plain.readTree(golden("customer.profile.v1.json")));
        assertThat(codec.readProfileData(golden("customer.profile.v1.json"))).isEqualTo(profile());
    }

    @Test
    void unknownFieldsAndUnknownKindsAreTolerated() throws IOException {
        Touch touch = codec.readTouchData(golden("touch.future-fields.v1.json"));
        assertThat(touch.kind()).isEqualTo("hologram.projected");
        assertThat(touch.occurredAt()).isEqualTo(Instant.parse("2026-11-20T10:15:30.123456Z"));
        assertThat(touch.refs()).isEmpty();
        assertThat(touch.amount()).isNull();
    }

    @Test
    void writesCloudEventsBinaryModeHeadersAndKeysByCustomer() {
        CrmEvent<Touch> event = new CrmEvent<>("7f1c5b1e-2b7a-4c8e-9d0a-1f2e3d4c5b6a", "/crm/sales-service",
                "crm.touch.opportunity.won.v1", "cus_01JD5Z8Q4W3V6R7T8Y9U0I1O2P", Instant.parse("2026-11-20T10:15:31Z"),
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", wonTouch());
        ProducerRecord<String, byte[]> record = codec.toRecord(Topics.TOUCHES, event);

        assertThat(record.topic()).isEqualTo("crm.touches");
        assertThat(record.key()).isEqualTo("cus_01JD5Z8Q4W3V6R7T8Y9U0I1O2P");
        Map<String, String> headers = new java.util.TreeMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", "7f1c5b1e-2b7a-4c8e-9d0a-1f2e3d4c5b6a")
                .containsEntry("ce_source", "/crm/sales-service")
                .containsEntry("ce_type", "crm.touch.opportunity.won.v1")
                .containsEntry("ce_subject", "cus_01JD5Z8Q4W3V6R7T8Y9U0I1O2P")
                .containsEntry("ce_time", "2026-11-20T10:15:31Z")
                .containsEntry("ce_traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .containsEntry("content-type", "application/json");
    }

    @Test
    void aWrittenTouchReadsBackWithItsEnvelope() {
        CrmEvent<Touch> event = CrmEvent.touch("sales-service", wonTouch(), null);
        CrmEvent<Touch> read = codec.readTouch(consumed(codec.toRecord(Topics.TOUCHES, event))).orElseThrow();
        assertThat(read).isEqualTo(event);
    }

    @Test
    void aTypeThatIsNotAV1TouchIsIgnored() {
        ProducerRecord<String, byte[]> v2 = codec.toRecord(Topics.TOUCHES, "id-1", "/crm/x", "crm.touch.opportunity.won.v2",
                "cus_1", Instant.now(), null, "{\"whatever\":true}".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> other = codec.toRecord(Topics.TOUCHES, "id-2", "/crm/x", "com.example.other",
                "cus_1", Instant.now(), null, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.readTouch(consumed(v2))).isEmpty();
        assertThat(codec.readTouch(consumed(other))).isEmpty();
    }

    @Test
    void aRecordThatIsNotACloudEventIsMalformed() {
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(Topics.TOUCHES, 0, 0, "cus_1", "not json".getBytes());
        assertThatThrownBy(() -> codec.readTouch(garbage)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aV1TouchWithUnreadableDataIsMalformed() {
        ProducerRecord<String, byte[]> bad = codec.toRecord(Topics.TOUCHES, "id-3", "/crm/x", "crm.touch.contact.created.v1",
                "cus_1", Instant.now(), null, "{\"kind\":\"contact.created\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> codec.readTouch(consumed(bad))).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("touch data is not valid");
    }

    @Test
    void profileTombstoneReadsAsErased() {
        var tombstone = codec.profileTombstone("cus_9");
        var read = codec.readProfile(consumed(tombstone)).orElseThrow();
        assertThat(read.erased()).isTrue();
        assertThat(read.customerId()).isEqualTo("cus_9");

        var live = codec.readProfile(consumed(codec.toRecord(Topics.CUSTOMER_PROFILES, CrmEvent.profile("customer-service", profile(), null))))
                .orElseThrow();
        assertThat(live.erased()).isFalse();
        assertThat(live.event().data()).isEqualTo(profile());
    }

    @Test
    void typesAndKindsMapBothWays() {
        assertThat(EventTypes.touchV1("opportunity.stage-changed")).isEqualTo("crm.touch.opportunity.stage-changed.v1");
        assertThat(EventTypes.kindOfTouchV1("crm.touch.opportunity.stage-changed.v1")).contains("opportunity.stage-changed");
        assertThat(EventTypes.kindOfTouchV1("crm.touch..v1")).isEmpty();
        assertThatThrownBy(() -> EventTypes.touchV1("Bad Kind")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money("12,50", "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money("12.50", "euro")).isInstanceOf(IllegalArgumentException.class);
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> sent) {
        RecordHeaders headers = new RecordHeaders(sent.headers().toArray());
        return new ConsumerRecord<>(sent.topic(), 0, 0L, 0L, TimestampType.CREATE_TIME, 0, 0,
                sent.key(), sent.value(), headers, java.util.Optional.empty());
    }
}
