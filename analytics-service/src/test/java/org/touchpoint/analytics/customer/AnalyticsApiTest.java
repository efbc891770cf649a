package org.touchpoint.analytics.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.analytics.AnalyticsServiceTest;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.test.TestTokens;
import tools.jackson.databind.JsonNode;

/** The HTTP contract: scopes, 404, 400 naming the field, shapes of the dashboards. */
class AnalyticsApiTest extends AnalyticsServiceTest {

    private static void assertProblem(HttpResponse<String> r, int status, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (field != null) {
            assertThat(json(r).path("errors").get(0).path("field").asString()).isEqualTo(field);
        }
    }

    @Test
    void anUnknownCustomerIs404() {
        assertProblem(get("/api/customers/con_nobody/360"), 404, null);
        assertProblem(get("/api/customers/con_nobody/timeline"), 404, null);
    }

    @Test
    void withoutATokenIs401AndWithoutTheScopeIs403() {
        assertThat(call("GET", "/api/analytics/pipeline", null, Map.of()).statusCode()).isEqualTo(401);
        assertProblem(call("GET", "/api/analytics/pipeline", null, Map.of("Authorization", TestTokens.bearer(Scopes.CONTACTS_READ))), 403, null);
        assertProblem(call("POST", "/api/analytics/rebuilds", null, READ), 403, null);
    }

    @Test
    void badTimelineFiltersAre400NamingTheField() {
        String id = "con_whatever";
        assertProblem(get("/api/customers/" + id + "/timeline?channels=fax"), 400, "channels");
        assertProblem(get("/api/customers/" + id + "/timeline?kinds=Not%20A%20Kind"), 400, "kinds");
        assertProblem(get("/api/customers/" + id + "/timeline?before=yesterday"), 400, "before");
        assertProblem(get("/api/customers/" + id + "/timeline?limit=0"), 400, "limit");
        assertProblem(get("/api/customers/" + id + "/timeline?limit=201"), 400, "limit");
        assertProblem(get("/api/customers/" + id + "/timeline?cursor=forged"), 400, "cursor");
    }

    @Test
    void badDashboardParametersAre400() {
        assertProblem(get("/api/analytics/touches?from=2026-13-01"), 400, "from");
        assertProblem(get("/api/analytics/touches?from=2026-11-20&to=2026-11-01"), 400, "from");
        assertProblem(get("/api/analytics/touches?from=2024-01-01&to=2026-01-01"), 400, "from");
        assertProblem(get("/api/analytics/churn?minLevel=extreme"), 400, "minLevel");
        assertProblem(get("/api/analytics/rfm?segment=vip"), 400, "segment");
        assertProblem(get("/api/analytics/pareto?top=1.5"), 400, "top");
        assertProblem(get("/api/analytics/pareto?limit=500"), 400, "limit");
    }

    @Test
    void anUnknownRebuildIs404() {
        assertProblem(get("/api/analytics/rebuilds/reb_nothing"), 404, null);
    }

    @Test
    void everyDashboardAnswersJson() {
        for (String path : new String[] {"/api/analytics/pipeline", "/api/analytics/campaigns", "/api/analytics/sla",
                "/api/analytics/touches", "/api/analytics/rfm", "/api/analytics/pareto", "/api/analytics/churn", "/api/analytics/freshness"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
            assertThat(json(r).isObject()).isTrue();
        }
        JsonNode touches = json(get("/api/analytics/touches?from=2026-11-01&to=2026-11-30"));
        assertThat(touches.path("days").size()).as("one entry per day, zeros included").isEqualTo(30);
    }

    @Test
    void theServiceServesItsOpenApiDocument() {
        HttpResponse<String> r = call("GET", "/v3/api-docs", null, Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("paths").has("/api/customers/{id}/360")).isTrue();
        assertThat(json(r).path("paths").has("/api/analytics/rebuilds")).isTrue();
    }
}
