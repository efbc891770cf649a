package org.touchpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.touchpoint.e2e.TestData.contact;
import static org.touchpoint.e2e.TestData.id;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.touchpoint.e2e.Gateway.Reply;
import tools.jackson.databind.JsonNode;

/**
 * Search ({@code q}) and list filters with cursor pagination. Other tests add contacts too, so a search
 * asserts what it must and must not contain, walking every page; filters on this test's own unique
 * account or tag assert the exact set.
 */
@ExtendWith(RunningPlatform.class)
class ContactSearchIT {

    private final Gateway gateway;

    ContactSearchIT(Gateway gateway) {
        this.gateway = gateway;
    }

    @Test
    void findsByNameEmailAndCompanyPrefixIgnoringCaseAndAccents() {
        String suffix = TestData.unique();
        String company = "Ñandú Logística " + suffix;
        String accountId = id(TestData.createAccount(gateway, company));
        Map<String, Object> jose = contact("José", "Núñez");
        jose.put("accountId", accountId);
        String joseEmail = (String) ((List<?>) jose.get("emails")).getFirst();
        String joseId = id(TestData.create(gateway, jose));
        String otherId = id(TestData.create(gateway, contact("Joaquín", "Pérez")));

        assertThat(search("jose")).as("first-name prefix without the accent").contains(joseId).doesNotContain(otherId);
        assertThat(search("nun")).as("last-name prefix without the accent").contains(joseId).doesNotContain(otherId);
        assertThat(search("NÚÑ")).as("upper case with accents").contains(joseId).doesNotContain(otherId);
        assertThat(search("jose nu")).as("full-name prefix").contains(joseId).doesNotContain(otherId);
        assertThat(search(joseEmail.substring(0, joseEmail.indexOf('@')).toUpperCase()))
                .as("email prefix, any case").containsExactly(joseId);
        assertThat(search("nandu logistica " + suffix)).as("account-name prefix without accents").containsExactly(joseId);
        assertThat(search("ñandú")).as("account-name prefix").contains(joseId).doesNotContain(otherId);

        Reply read = gateway.api().get("/api/contacts/" + joseId);
        assertThat(read.json().path("accountName").asString()).isEqualTo(company);
    }

    @Test
    void filtersByAccountStageAndTagWalkingEveryPage() {
        String accountId = id(TestData.createAccount(gateway, "Distribuidora Andina " + TestData.unique()));
        String tag = "e2e-" + TestData.unique();
        List<String> customers = List.of(
                createIn(accountId, "customer", List.of(tag)),
                createIn(accountId, "customer", List.of(tag, "vip")));
        List<String> leads = List.of(
                createIn(accountId, "lead", List.of(tag)),
                createIn(accountId, "lead", List.of()),
                createIn(accountId, "opportunity", List.of()));
        String elsewhere = id(TestData.create(gateway, withStageAndTags(contact(), "customer", List.of(tag))));

        List<String> inAccount = ids(gateway.api().listAll("/api/contacts?accountId=" + accountId, 2));
        assertThat(inAccount).as("accountId, 2 per page").hasSize(5)
                .containsExactlyInAnyOrderElementsOf(concat(customers, leads));

        List<String> tagged = ids(gateway.api().listAll("/api/contacts?tag=" + Gateway.enc(tag), 2));
        assertThat(tagged).as("tag, 2 per page")
                .containsExactlyInAnyOrder(customers.get(0), customers.get(1), leads.get(0), elsewhere);

        List<JsonNode> allCustomers = gateway.api().listAll("/api/contacts?lifecycleStage=customer", 2);
        assertThat(allCustomers).allSatisfy(c -> assertThat(c.path("lifecycleStage").asString()).isEqualTo("customer"));
        assertThat(ids(allCustomers)).as("lifecycleStage, 2 per page")
                .contains(customers.get(0), customers.get(1), elsewhere)
                .doesNotContainAnyElementsOf(leads);

        assertThat(ids(gateway.api().listAll("/api/contacts?accountId=" + accountId + "&lifecycleStage=customer&tag="
                + Gateway.enc(tag), 2))).as("filters combined").containsExactlyInAnyOrderElementsOf(customers);
    }

    @Test
    void rejectsALimitOutOfRangeWith400() {
        assertThat(gateway.api().get("/api/contacts?limit=0").status()).isEqualTo(400);
        assertThat(gateway.api().get("/api/contacts?limit=201").status()).isEqualTo(400);
        assertThat(gateway.api().get("/api/contacts?limit=200").status()).isEqualTo(200);
    }

    private List<String> search(String q) {
        return ids(gateway.api().listAll("/api/contacts?q=" + Gateway.enc(q), 200));
    }

    private String createIn(String accountId, String stage, List<String> tags) {
        Map<String, Object> body = withStageAndTags(contact(), stage, tags);
        body.put("accountId", accountId);
        return id(TestData.create(gateway, body));
    }

    private static Map<String, Object> withStageAndTags(Map<String, Object> body, String stage, List<String> tags) {
        body.put("lifecycleStage", stage);
        body.put("tags", tags);
        return body;
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(TestData::id).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
