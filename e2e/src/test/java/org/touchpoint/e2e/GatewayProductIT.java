package org.touchpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.touchpoint.dev.DevIssuer;
import org.touchpoint.dev.Platform;
import org.touchpoint.e2e.Gateway.Reply;
import tools.jackson.databind.JsonNode;

/**
 * The gateway as a product, tried as a new user would: a partner key with read-only scopes, a user token of the
 * development issuer from a browser origin, rate limits, usage, rotation and the /docs hub.
 */
@ExtendWith(RunningPlatform.class)
class GatewayProductIT {

    /** One of the front-end dev-server origins the platform's gateway allows (crm-dev Platform). */
    private static final String APP_ORIGIN = "http://localhost:5173";

    private final Gateway gateway;
    private final Platform platform;

    GatewayProductIT(Gateway gateway, Platform platform) {
        this.gateway = gateway;
        this.platform = platform;
    }

    @Test
    void aReadOnlyPartnerKeyReadsContactsCannotWriteThemAndItsUsageIsCounted() {
        JsonNode contact = TestData.create(gateway, TestData.contact("Joaquim", "Albuquerque"));
        JsonNode key = gateway.createApiKey("e2e read-only partner " + TestData.unique(), "contacts:read");
        Gateway.Caller partner = gateway.as(key.path("key").asString());
        Instant from = Instant.now().minusSeconds(60);

        Reply read = partner.get("/api/contacts/" + TestData.id(contact));
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.header("RateLimit-Policy")).hasValue("\"standard\";q=200;w=10");
        Reply list = partner.get("/api/contacts?limit=5");
        assertThat(list.status()).as("%s", list).isEqualTo(200);

        Reply write = partner.post("/api/contacts", TestData.contact("Inês", "Carvalho"));
        assertThat(write.status()).as("%s", write).isEqualTo(403);
        assertThat(write.contentType()).startsWith("application/problem+json");
        assertThat(write.json().path("requiredScope").asString()).isEqualTo("contacts:write");

        String id = key.path("id").asString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Reply usage = gateway.admin().get("/admin/api-keys/" + id + "/usage?from=" + from + "&to="
                    + Instant.now().plusSeconds(60));
            assertThat(usage.status()).as("%s", usage).isEqualTo(200);
            assertThat(usage.json().path("total").asInt()).as("%s", usage).isEqualTo(3);
            assertThat(usage.json().path("byStatus").path("200").asInt()).isEqualTo(2);
            assertThat(usage.json().path("byStatus").path("403").asInt()).isEqualTo(1);
            assertThat(usage.json().path("byRoute").path("customer-service").asInt()).isEqualTo(3);
        });
    }

    @Test
    void aUserTokenOfTheDevelopmentIssuerWorksFromAnAllowedBrowserOrigin() {
        String token = DevIssuer.loadOrCreate(platform.config().stateDir())
                .mint("alice", List.of("sales"), Duration.ofMinutes(10), Instant.now());
        Gateway.Caller browser = gateway.as(null).header("Origin", APP_ORIGIN);

        Reply preflight = browser.header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .send("OPTIONS", "/api/contacts", null, null);
        assertThat(preflight.status()).as("%s", preflight).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).hasValue(APP_ORIGIN);

        Gateway.Caller alice = browser.header("Authorization", "Bearer " + token);
        Reply created = alice.post("/api/contacts", TestData.contact("Lucía", "Fernández"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.header("Access-Control-Allow-Origin")).hasValue(APP_ORIGIN);
        Reply read = alice.get("/api/contacts/" + TestData.id(created.json()));
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.header("RateLimit-Policy")).hasValue("\"user\";q=200;w=20");

        Reply evil = gateway.as(null).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET").send("OPTIONS", "/api/contacts", null, null);
        assertThat(evil.status()).as("%s", evil).isEqualTo(403);

        String supportAgent = DevIssuer.loadOrCreate(platform.config().stateDir())
                .mint("bruno", List.of("support"), Duration.ofMinutes(10), Instant.now());
        Reply forbidden = gateway.as(null).header("Authorization", "Bearer " + supportAgent)
                .send("DELETE", "/api/accounts/acc_x", null, null);
        assertThat(forbidden.status()).as("%s", forbidden).isEqualTo(403);
        Reply garbage = gateway.as(null).header("Authorization", "Bearer " + token.substring(0, token.length() - 4) + "AAAA")
                .get("/api/contacts?limit=1");
        assertThat(garbage.status()).as("%s", garbage).isEqualTo(401);
    }

    @Test
    void aBurstBeyondTheTierGets429WithRetryAfterAndOtherKeysAreUnaffected() {
        Reply created = gateway.admin().post("/admin/api-keys", Map.of("name", "e2e trial " + TestData.unique(),
                "partner", "e2e", "scopes", List.of("contacts:read"), "rateLimitTier", "trial"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        Gateway.Caller trial = gateway.as(created.json().path("key").asString());

        Reply last = null;
        for (int i = 0; i < 30 && (last == null || last.status() == 200); i++) {
            last = trial.get("/api/contacts?limit=1");
        }
        assertThat(last.status()).as("%s", last).isEqualTo(429);
        assertThat(last.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(last.contentType()).startsWith("application/problem+json");

        assertThat(gateway.api().get("/api/contacts?limit=1").status()).isEqualTo(200);
    }

    @Test
    void aRotatedKeyKeepsTheOldSecretWorkingDuringItsGracePeriod() {
        JsonNode key = gateway.createApiKey("e2e rotated " + TestData.unique(), "contacts:read");
        String old = key.path("key").asString();

        Reply rotated = gateway.admin().post("/admin/api-keys/" + key.path("id").asString() + "/rotate",
                Map.of("gracePeriod", "PT1H"));
        assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
        String fresh = rotated.json().path("key").asString();

        assertThat(gateway.as(old).get("/api/contacts?limit=1").status()).isEqualTo(200);
        assertThat(gateway.as(fresh).get("/api/contacts?limit=1").status()).isEqualTo(200);
        Reply now = gateway.admin().post("/admin/api-keys/" + key.path("id").asString() + "/rotate",
                Map.of("gracePeriod", "PT0S"));
        assertThat(gateway.as(fresh).get("/api/contacts?limit=1").status()).isEqualTo(401);
        assertThat(gateway.as(now.json().path("key").asString()).get("/api/contacts?limit=1").status()).isEqualTo(200);
    }

    @Test
    void docsShowEveryServiceThroughTheGateway() {
        Reply ui = gateway.as(null).get("/docs");
        assertThat(ui.status()).as("%s", ui).isIn(301, 302, 303, 307);
        Reply config = gateway.as(null).get("/docs/gateway/v3/api-docs/swagger-config");
        assertThat(config.status()).as("%s", config).isEqualTo(200);
        assertThat(config.body()).contains("/docs/customer-service/v3/api-docs", "/docs/sales-service/v3/api-docs",
                "/docs/marketing-service/v3/api-docs", "/docs/support-service/v3/api-docs",
                "/docs/analytics-service/v3/api-docs");

        Reply customer = gateway.as(null).get("/docs/customer-service/v3/api-docs");
        assertThat(customer.status()).as("%s", customer).isEqualTo(200);
        assertThat(customer.json().path("paths").has("/api/contacts")).as("%s", customer.body()).isTrue();
        assertThat(customer.json().path("info").path("title").asString()).isEqualTo("Touchpoint customer-service");
        assertThat(customer.json().path("servers").get(0).path("url").asString()).as("Try it out goes through the gateway").isEqualTo("/");
        assertThat(customer.header("X-Content-Type-Options")).hasValue("nosniff");
    }
}
