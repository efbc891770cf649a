package org.touchpoint.customer;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.test.ServiceTestSupport;
import org.touchpoint.kit.test.TestTokens;

/** One context for every Spring test of the service: random port, the JVM's embedded broker and MongoDB (from the kit). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.database=crm_customer_test", "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN"})
public abstract class CustomerServiceTest extends ServiceTestSupport {

    protected static final Map<String, String> ALL = Map.of("Authorization",
            TestTokens.bearer(Scopes.ACCOUNTS_READ, Scopes.ACCOUNTS_WRITE, Scopes.CONTACTS_READ, Scopes.CONTACTS_WRITE));

    protected HttpResponse<String> call(String method, String path, String body) {
        return call(method, path, body, ALL);
    }

    protected static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates an account and returns its id. */
    protected String account(String name) {
        HttpResponse<String> r = call("POST", "/api/accounts", """
                {"name": "%s", "domain": "%s.example", "industry": "retail", "size": 120, "tier": "premium",
                 "address": {"city": "Medellín", "country": "CO"}, "tags": ["distribuidor"]}""".formatted(name, unique()));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("account not created: " + r.body());
        }
        return json(r).get("id").asString();
    }

    /** A contact body with a unique email. */
    protected static String contactBody(String first, String last, String accountId) {
        return """
                {"firstName": "%s", "lastName": "%s", "emails": ["%s.%s@andina.example"], "phones": ["+57 4 444 1234"],
                 %s "title": "Gerente de Compras", "ownerId": "user:lucia", "lifecycleStage": "customer", "tags": ["vip"],
                 "consent": {"email": {"status": "granted", "source": "web-form"}},
                 "notes": {"nickname": "Pepe", "preferences": "Prefiere llamadas por la mañana"},
                 "customAttributes": {"segment": "mayorista"}, "externalIds": {"erp": "C-%s"}}"""
                .formatted(first, last, unique(), unique(), accountId == null ? "" : "\"accountId\": \"" + accountId + "\",", unique());
    }
}
