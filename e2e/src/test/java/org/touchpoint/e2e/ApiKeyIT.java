package org.touchpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.touchpoint.e2e.Gateway.Reply;
import tools.jackson.databind.JsonNode;

/** Partner keys managed through the gateway's admin API. */
@ExtendWith(RunningPlatform.class)
class ApiKeyIT {

    private final Gateway gateway;

    ApiKeyIT(Gateway gateway) {
        this.gateway = gateway;
    }

    @Test
    void aRevokedKeyIsRejectedWith401OnTheNextRequest() {
        JsonNode key = gateway.createApiKey("e2e revocable " + TestData.unique(), "contacts:read", "contacts:write");
        Gateway.Caller partner = gateway.as(key.path("key").asString());
        Reply before = partner.get("/api/contacts?limit=1");
        assertThat(before.status()).as("%s", before).isEqualTo(200);

        Reply revoked = gateway.admin().delete("/admin/api-keys/" + key.path("id").asString());
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(204);

        Reply after = partner.get("/api/contacts?limit=1");
        assertThat(after.status()).as("%s", after).isEqualTo(401);
        assertThat(after.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theAdminApiRefusesAKeyWithoutTheAdminScope() {
        JsonNode key = gateway.createApiKey("e2e not admin " + TestData.unique(), "contacts:read");

        Reply reply = gateway.as(key.path("key").asString()).get("/admin/api-keys");

        assertThat(reply.status()).as("%s", reply).isEqualTo(403);
    }
}
