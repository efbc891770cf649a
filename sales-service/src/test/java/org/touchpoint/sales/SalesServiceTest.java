package org.touchpoint.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.test.ServiceTestSupport;
import org.touchpoint.kit.test.TestTokens;
import tools.jackson.databind.JsonNode;

/** One context for every Spring test of the service: random port, the JVM's embedded broker and MongoDB (from the kit). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.database=crm_sales_test", "crm.sales.tasks.scan-interval=200ms",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN"})
public abstract class SalesServiceTest extends ServiceTestSupport {

    /** Every scope of the service, in a token minted now (tokens live two minutes; the suite runs longer). */
    protected static String bearer() {
        return TestTokens.bearer(Scopes.LEADS_READ, Scopes.LEADS_WRITE, Scopes.OPPORTUNITIES_READ, Scopes.OPPORTUNITIES_WRITE,
                Scopes.ACTIVITIES_READ, Scopes.ACTIVITIES_WRITE);
    }

    protected HttpResponse<String> call(String method, String path, String body) {
        return call(method, path, body, Map.of("Authorization", bearer()));
    }

    protected HttpResponse<String> callIfMatch(String method, String path, String body, String etag) {
        return call(method, path, body, Map.of("Authorization", bearer(), "If-Match", etag));
    }

    protected static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh customer id, as customer-service would mint it. */
    protected static String customerId() {
        return "con_01J" + UUID.randomUUID().toString().replace("-", "").substring(0, 23).toUpperCase();
    }

    protected static void assertProblem(HttpResponse<String> r, int status, String... fields) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (fields.length > 0) {
            assertThat(json(r).get("errors").findValuesAsString("field")).containsExactlyInAnyOrder(fields);
        }
    }

    protected JsonNode created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    /** A web-form lead of a retail buyer (scores the fit rules for industry, title and size). */
    protected JsonNode createLead(String firstName, String lastName) {
        return created(call("POST", "/api/leads", """
                {"firstName": "%s", "lastName": "%s", "email": "%s.%s@papeleria-%s.example", "phone": "+34 91 555 0101",
                 "company": "Papelería El Sol", "title": "Gerente de Compras", "industry": "retail", "companySize": 80,
                 "country": "ES", "territory": "madrid", "source": "web", "notes": "Pidió catálogo de tóner"}"""
                .formatted(firstName, lastName, firstName.toLowerCase(), unique(), unique())));
    }

    /** An opportunity of this customer in the default pipeline. */
    protected JsonNode createOpportunity(String customerId, String ownerId, String expectedCloseDate) {
        return created(call("POST", "/api/opportunities", """
                {"customerId": "%s", "name": "Renovación de impresoras", "currency": "EUR", "ownerId": "%s",
                 "expectedCloseDate": "%s",
                 "lineItems": [
                   {"productCode": "TONER-HP-85A", "name": "Tóner HP 85A", "category": "ink-cartridges", "quantity": 40, "unitPrice": "62.50"},
                   {"productCode": "support-premium", "name": "Soporte premium", "category": "support-plan", "quantity": 1, "unitPrice": "1200.00", "termMonths": 12}
                 ]}""".formatted(customerId, ownerId, expectedCloseDate)));
    }
}
