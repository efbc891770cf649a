package org.touchpoint.customer.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.outbox.OutboxDocument.Emitted;

/** The contact's behaviour: which touches and profiles each change emits. Plain JUnit, no Spring. */
class ContactTest {

    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    static ContactRequest request(String emailStatus) {
        return new ContactRequest("Mariana", "Souza", List.of("Mariana.Souza@Andina.example"), List.of("+55 11 3456-7890"),
                "acc_1", "Gerente de Compras", "user:lucia", null, List.of("vip"),
                emailStatus == null ? null : Map.of("email", new ContactRequest.ConsentRequest(emailStatus, "web-form")),
                new ContactRequest.Notes("Mari", "Prefiere WhatsApp"), Map.of("segment", "mayorista"), Map.of("erp", "C-1"));
    }

    private static List<String> kinds(List<Emitted> emitted) {
        return emitted.stream().filter(e -> e.payload() instanceof Touch).map(e -> ((Touch) e.payload()).kind()).toList();
    }

    @Test
    void creationEmitsContactCreatedAndTheFirstProfile() {
        Contact c = Contact.create("con_1", request("granted"), "Distribuidora Andina", "key:k1", T0);
        assertThat(kinds(c.emitted())).containsExactly("contact.created");
        CustomerProfile profile = (CustomerProfile) c.emitted().get(1).payload();
        assertThat(c.emitted().get(1).topic()).isEqualTo(Topics.CUSTOMER_PROFILES);
        assertThat(profile.email()).isEqualTo("Mariana.Souza@Andina.example");
        assertThat(profile.accountName()).isEqualTo("Distribuidora Andina");
        assertThat(profile.lifecycleStage()).isEqualTo("lead");
        assertThat(profile.consents("email")).isTrue();
        Touch created = (Touch) c.emitted().getFirst().payload();
        assertThat(created.actor()).isEqualTo("key:k1");
        assertThat(created.channel()).isEqualTo("system");
    }

    @Test
    void withdrawingConsentEmitsConsentChangedAndKeepsTheEvidence() {
        Contact c = Contact.create("con_1", request("granted"), null, "key:k1", T0);
        c.markPersisted(0);
        c.update(request("withdrawn"), null, "key:k1", T0.plusSeconds(60));

        assertThat(kinds(c.emitted())).containsExactly("consent.changed", "contact.updated");
        Touch consent = (Touch) c.emitted().getFirst().payload();
        assertThat(consent.attrs().text("channel")).isEqualTo("email");
        assertThat(consent.attrs().text("status")).isEqualTo("withdrawn");
        CustomerProfile profile = (CustomerProfile) c.emitted().getLast().payload();
        assertThat(profile.consents("email")).isFalse();
        assertThat(profile.consent().get("email").at()).isEqualTo(T0.plusSeconds(60));
        assertThat(profile.version()).isEqualTo(1);
    }

    @Test
    void changingConsentOnOneChannelEmitsConsentChangedOnlyWhenTheStatusChanges() {
        Contact c = Contact.create("con_1", request("granted"), null, "key:k1", T0);
        c.markPersisted(0);
        assertThat(c.changeConsent("email", new ContactRequest.ConsentRequest("granted", "again"), "key:k1", T0)).isFalse();
        assertThat(c.emitted()).isEmpty();
        assertThat(c.changeConsent("sms", new ContactRequest.ConsentRequest("granted", "call-center"), "key:k1", T0)).isTrue();
        assertThat(kinds(c.emitted())).containsExactly("consent.changed");
        assertThat(((CustomerProfile) c.emitted().getLast().payload()).consents("sms")).isTrue();
    }

    @Test
    void anUpdateThatKeepsConsentEmitsOnlyContactUpdatedWithTheChangedFields() {
        Contact c = Contact.create("con_1", request("granted"), null, "key:k1", T0);
        c.markPersisted(3);
        ContactRequest moved = new ContactRequest("Mariana", "Souza", List.of("Mariana.Souza@Andina.example"), List.of(),
                null, null, "user:joao", "customer", List.of("vip"), Map.of("email", new ContactRequest.ConsentRequest("granted", "form")),
                null, null, null);
        c.update(moved, null, "key:k1", T0.plusSeconds(5));
        assertThat(kinds(c.emitted())).containsExactly("contact.updated");
        assertThat(((Touch) c.emitted().getFirst().payload()).attrs().texts("changedFields"))
                .isEqualTo(List.of("phones", "accountId", "title", "ownerId", "lifecycleStage", "notes", "customAttributes",
                        "externalIds"));
    }

    private static List<String> changedFields(Contact c) {
        Touch updated = c.emitted().stream().map(Emitted::payload).filter(Touch.class::isInstance).map(Touch.class::cast)
                .filter(t -> t.kind().equals("contact.updated")).findFirst().orElseThrow();
        return updated.attrs().texts("changedFields");
    }

    private static ContactRequest with(ContactRequest r, String title, ContactRequest.Notes notes, Map<String, Object> custom,
                                       Map<String, String> externalIds, String firstName) {
        return new ContactRequest(firstName, r.lastName(), r.emails(), r.phones(), r.accountId(), title, r.ownerId(),
                r.lifecycleStage(), r.tags(), r.consent(), notes, custom, externalIds);
    }

    @Test
    void anUpdateNamesTitleNotesCustomAttributesAndExternalIdsWhenTheyChange() {
        ContactRequest r = request("granted");
        Contact c = Contact.create("con_1", r, null, "key:k1", T0);
        c.markPersisted(0);
        c.update(with(r, "Director", new ContactRequest.Notes("Mari", "Prefiere llamadas"), r.customAttributes(), r.externalIds(),
                r.firstName()), null, "key:k1", T0.plusSeconds(1));
        assertThat(changedFields(c)).containsExactly("title", "notes");

        c.markPersisted(1);
        c.update(with(r, "Director", new ContactRequest.Notes("Mari", "Prefiere llamadas"), Map.of("segment", "minorista"),
                Map.of("erp", "C-2"), "Mariana"), null, "key:k1", T0.plusSeconds(2));
        assertThat(changedFields(c)).containsExactly("customAttributes", "externalIds");

        c.markPersisted(2);
        c.update(with(r, "Director", new ContactRequest.Notes("Mari", "Prefiere llamadas"), Map.of("segment", "minorista"),
                Map.of("erp", "C-2"), "Mariana Luz"), null, "key:k1", T0.plusSeconds(3));
        assertThat(changedFields(c)).as("the API's field names").containsExactly("firstName");
    }

    @Test
    void anUpdateThatChangesNothingNamesNothing() {
        Contact c = Contact.create("con_1", request("granted"), null, "key:k1", T0);
        c.markPersisted(0);
        c.update(request("granted"), null, "key:k1", T0.plusSeconds(1));
        assertThat(changedFields(c)).isEmpty();
    }

    @Test
    void everyTouchAContactEmitsConformsToTheTouchContract() {
        List<Emitted> emitted = new java.util.ArrayList<>();
        Contact c = Contact.create("con_1", request("granted"), "Andina", "key:k1", T0);
        emitted.addAll(c.emitted());
        c.markPersisted(0);
        c.update(request("withdrawn"), "Andina", "key:k1", T0.plusSeconds(1));
        c.changeConsent("sms", new ContactRequest.ConsentRequest("granted", "call-center"), "key:k1", T0.plusSeconds(2));
        c.linkConvertedLead("led_1", "con_2", "user:lucia", T0.plusSeconds(3));
        c.accountRenamed("Andina SA", T0.plusSeconds(4));
        c.delete("key:k1", T0.plusSeconds(5));
        emitted.addAll(c.emitted());
        emitted.addAll(Contact.fromConvertedLead("con_3", "led_2", request(null), null, "user:lucia", T0).emitted());

        List<Touch> touches = emitted.stream().map(Emitted::payload).filter(Touch.class::isInstance).map(Touch.class::cast).toList();
        assertThat(touches).extracting(Touch::kind).contains("contact.created", "contact.updated", "consent.changed", "contact.deleted");
        assertThat(touches).allSatisfy(t -> assertThat(org.touchpoint.events.TouchContract.violations(t, "customer-service"))
                .as(t.kind()).isEmpty());
        assertThat(emitted).filteredOn(e -> e.topic().equals(Topics.CUSTOMER_PROFILES))
                .allSatisfy(e -> assertThat(e.key()).startsWith("con_"));
    }

    @Test
    void deletionEmitsContactDeletedAndAProfileTombstoneAndKeepsNoPersonalData() {
        Contact c = Contact.create("con_1", request("granted"), "Andina", "key:k1", T0);
        c.markPersisted(0);
        c.delete("key:k1", T0.plusSeconds(1));

        assertThat(kinds(c.emitted())).containsExactly("contact.deleted");
        Emitted tombstone = c.emitted().getLast();
        assertThat(tombstone.topic()).isEqualTo(Topics.CUSTOMER_PROFILES);
        assertThat(tombstone.payload()).isNull();
        assertThat(c.deleted()).isTrue();
        ContactResponse left = c.toResponse(null);
        assertThat(left.firstName()).isNull();
        assertThat(left.emails()).isEmpty();
        assertThat(left.notes()).isNull();
        assertThat(left.consent()).isEmpty();
    }
}
