package org.touchpoint.customer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.touchpoint.customer.CustomerServiceTest;
import tools.jackson.databind.JsonNode;

class AccountApiTest extends CustomerServiceTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    @Test
    void aRenameInterruptedHalfwayIsCompletedByTheNextUpdateOfTheAccount() {
        String name = "Constructora Pacífico " + unique();
        String id = account(name);
        String contact = json(call("POST", "/api/contacts", contactBody("Rosa", "Mejía", id))).get("id").asString();
        // As if a rename had died after updating the account but before reaching this contact.
        mongo.updateFirst(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id").is(contact)),
                new org.springframework.data.mongodb.core.query.Update().set("accountName", "Old name"), "contacts");

        assertThat(call("PUT", "/api/accounts/" + id, "{\"name\": \"" + name + "\", \"tier\": \"basic\"}").statusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/api/contacts/" + contact, null)).get("accountName").asString()).isEqualTo(name);
    }

    @Test
    void createsReadsReplacesAndListsAccounts() {
        String tag = "t" + unique();
        HttpResponse<String> created = call("POST", "/api/accounts", """
                {"name": "Seguros Atlântico %s", "domain": "atlantico-%s.example", "industry": "insurance", "size": 850,
                 "tier": "standard", "ownerId": "user:joao", "address": {"street": "Av. Paulista 1000", "city": "São Paulo", "country": "BR"},
                 "tags": ["%s"], "externalIds": {"sap": "4711"}}""".formatted(tag, tag, tag));
        assertThat(created.statusCode()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        JsonNode account = json(call("GET", location, null));
        assertThat(account.get("address").get("city").asString()).isEqualTo("São Paulo");
        assertThat(account.get("tier").asString()).isEqualTo("standard");

        HttpResponse<String> replaced = call("PUT", location, """
                {"name": "Seguros Atlântico %s", "tier": "premium", "tags": ["%s"]}""".formatted(tag, tag));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(json(replaced).get("tier").asString()).isEqualTo("premium");
        assertThat(json(replaced).get("domain").isNull()).isTrue();

        JsonNode found = json(call("GET", "/api/accounts?q=atlantico&tag=" + tag, null));
        assertThat(found.get("items").findValuesAsString("id")).containsExactly(account.get("id").asString());
    }

    @Test
    void invalidAccountsAre400NamingTheFields() {
        HttpResponse<String> r = call("POST", "/api/accounts", """
                {"name": "", "domain": "not a domain", "tier": "gold", "size": -1, "address": {"country": "Spain"}}""");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("name", "domain", "tier", "size", "address.country");
    }

    @Test
    void aDomainBelongsToOneAccount() {
        String domain = "unico-" + unique() + ".example";
        assertThat(call("POST", "/api/accounts", "{\"name\": \"Uno\", \"domain\": \"" + domain + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> dup = call("POST", "/api/accounts", "{\"name\": \"Dos\", \"domain\": \"" + domain.toUpperCase() + "\"}");
        assertThat(dup.statusCode()).isEqualTo(409);
    }

    @Test
    void aDomainIsFreedWhenItsAccountMovesToAnotherOrIsDeleted() {
        String domain = "libre-" + unique() + ".example";
        String first = call("POST", "/api/accounts", "{\"name\": \"Uno\", \"domain\": \"" + domain + "\"}")
                .headers().firstValue("Location").orElseThrow();
        assertThat(call("PUT", first, "{\"name\": \"Uno\", \"domain\": \"otro-" + domain + "\"}").statusCode()).isEqualTo(200);
        String second = call("POST", "/api/accounts", "{\"name\": \"Dos\", \"domain\": \"" + domain + "\"}")
                .headers().firstValue("Location").orElseThrow();
        assertThat(call("PUT", first, "{\"name\": \"Uno\", \"domain\": \"" + domain + "\"}").statusCode()).isEqualTo(409);

        assertThat(call("DELETE", second, null).statusCode()).isEqualTo(204);
        assertThat(call("PUT", first, "{\"name\": \"Uno\", \"domain\": \"" + domain + "\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void ofTwoConcurrentCreatesWithTheSameDomainOneIs201AndTheOther409() throws Exception {
        String domain = "carrera-" + unique() + ".example";
        java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (String name : java.util.List.of("Uno", "Dos")) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return call("POST", "/api/accounts", "{\"name\": \"" + name + "\", \"domain\": \"" + domain + "\"}");
                }));
            }
            start.countDown();
        }
        assertThat(java.util.List.of(answers.get(0).get().statusCode(), answers.get(1).get().statusCode()))
                .containsExactlyInAnyOrder(201, 409);
    }

    @Test
    void anAccountWithContactsCannotBeDeleted() {
        String id = account("Hospital San Rafael " + unique());
        String contact = json(call("POST", "/api/contacts", contactBody("Elena", "Ruiz", id))).get("id").asString();
        HttpResponse<String> refused = call("DELETE", "/api/accounts/" + id, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).get("detail").asString()).contains("1 contact");

        assertThat(call("DELETE", "/api/contacts/" + contact, null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/api/accounts/" + id, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/accounts/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void renamingAnAccountRenamesItOnItsContacts() {
        String id = account("Retail Norte " + unique());
        String contact = json(call("POST", "/api/contacts", contactBody("Pablo", "Vega", id))).get("id").asString();
        String newName = "Retail Norte y Sur " + unique();
        assertThat(call("PUT", "/api/accounts/" + id, "{\"name\": \"" + newName + "\"}").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() ->
                newName.equals(json(call("GET", "/api/contacts/" + contact, null)).get("accountName").asString()));
        assertThat(json(call("GET", "/api/contacts?q=" + newName.split(" ")[3].toLowerCase(), null)).get("items").findValuesAsString("id"))
                .contains(contact);
    }
}
