package org.touchpoint.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The write path costs the same with a million contacts: every query it sends to the service's own collections is
 * answered by a unique index ({@code _id}, or {@code _id} with {@code version} / {@code token}), which is all the
 * embedded store (mongo-java-server) ever uses. What still scans is named here, so that it cannot grow unnoticed.
 */
class WritePathQueriesTest extends CustomerServiceTest {

    private static final Set<String> OWN = Set.of("contacts", "accounts", "claims", "contact_activity_v2");

    @Autowired
    QueryLog queries;

    private List<QueryLog.Filter> scans(Runnable calls) {
        List<QueryLog.Filter> sent = queries.during(calls);
        assertThat(sent).as("the log sees the write path").anyMatch(f -> f.collection().equals("claims"));
        return sent.stream().filter(f -> OWN.contains(f.collection()) && !f.byId()).toList();
    }

    private static void expect(int status, java.net.http.HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    }

    @Test
    void creatingChangingAndDeletingContactsReadsOnlyById() {
        String account = account("Ferretería Andes " + unique());
        String email = "por.id." + unique() + "@andes.example";
        String[] location = new String[1];
        List<QueryLog.Filter> scans = scans(() -> {
            var created = call("POST", "/api/contacts", """
                    {"firstName": "Rita", "emails": ["%s"], "accountId": "%s"}""".formatted(email, account));
            expect(201, created);
            location[0] = created.headers().firstValue("Location").orElseThrow();
            expect(409, call("POST", "/api/contacts", "{\"firstName\": \"Otra\", \"emails\": [\"" + email + "\"]}"));
            expect(200, call("PUT", location[0], """
                    {"firstName": "Rita", "emails": ["nuevo.%s"], "accountId": "%s", "title": "Jefa"}""".formatted(email, account)));
            expect(200, call("PUT", location[0] + "/consent/sms", "{\"status\": \"granted\", \"source\": \"call\"}"));
            expect(200, call("GET", location[0], null));
            expect(204, call("DELETE", location[0], null));
        });
        assertThat(scans).isEmpty();
    }

    @Test
    void creatingAndChangingAccountsReadsOnlyByIdButForTheirContacts() {
        String domain = "por-id-" + unique() + ".example";
        List<QueryLog.Filter> scans = scans(() -> {
            var created = call("POST", "/api/accounts", "{\"name\": \"Andes\", \"domain\": \"" + domain + "\"}");
            expect(201, created);
            String location = created.headers().firstValue("Location").orElseThrow();
            expect(409, call("POST", "/api/accounts", "{\"name\": \"Otra\", \"domain\": \"" + domain + "\"}"));
            expect(200, call("PUT", location, "{\"name\": \"Andes SA\", \"domain\": \"otro-" + domain + "\"}"));
            expect(204, call("DELETE", location, null));
        });
        // Known and kept: an account's update brings its contacts to its new name (ContactsOfAccount.syncAccountName
        // counts them, then asks for those with another name), and its deletion counts its live contacts. They ask
        // contacts by accountId: an index on real MongoDB, a scan on the embedded store. Nothing else scans.
        assertThat(scans).isNotEmpty().allSatisfy(scan -> assertThat(scan.collection()).isEqualTo("contacts"));
        assertThat(scans).extracting(QueryLog.Filter::fields)
                .containsOnly(Set.of("accountId", "deleted"), Set.of("accountId", "deleted", "accountName"));
    }
}
