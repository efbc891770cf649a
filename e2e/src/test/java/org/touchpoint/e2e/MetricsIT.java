package org.touchpoint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.touchpoint.e2e.TestData.contact;
import static org.touchpoint.e2e.TestData.id;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.touchpoint.dev.PlatformConfig;
import org.touchpoint.dev.PlatformEndpoints;
import org.touchpoint.e2e.Gateway.Reply;

/**
 * The operators' dashboard ({@code deploy/grafana/dashboards/touchpoint.json}) and alerts
 * ({@code k8s/components/monitoring/prometheus-rules.yaml}) read metrics the platform really exposes: after real
 * traffic through the gateway, every metric name in their PromQL is a sample name of some process's
 * {@code /actuator/prometheus}. A renamed metric, a tag turned into a suffix, a histogram that lost its buckets
 * fails here instead of leaving an empty panel or an alert that can never fire.
 */
@ExtendWith(RunningPlatform.class)
class MetricsIT {

    private static final Path REPOSITORY = PlatformConfig.repositoryRoot(Path.of(""));
    private static final Path DASHBOARD = REPOSITORY.resolve("deploy/grafana/dashboards/touchpoint.json");
    private static final Path RULES = REPOSITORY.resolve("k8s/components/monitoring/prometheus-rules.yaml");
    /** Series Prometheus itself adds to every target (not in any scrape). */
    private static final Set<String> SYNTHESIZED_BY_PROMETHEUS = Set.of("up");
    /**
     * Labels Prometheus adds to every series of a target: job and instance, and application (the docker-compose
     * scrape config and the k8s ServiceMonitor both set it).
     */
    private static final Set<String> TARGET_LABELS = Set.of("application", "instance", "job");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Gateway gateway;
    private final PlatformEndpoints endpoints;

    MetricsIT(Gateway gateway, PlatformEndpoints endpoints) {
        this.gateway = gateway;
        this.endpoints = endpoints;
    }

    @Test
    void theExtractorFindsExactlyTheMetricsOfAnExpression() {
        assertThat(MetricsQueries.metricNames("histogram_quantile(0.99, sum by (le, service) "
                + "(rate(crm_touch_freshness_seconds_bucket{service=~\"$service\", source!=\"\"}[$__rate_interval]))) > 1"))
                .containsExactly("crm_touch_freshness_seconds_bucket");
        assertThat(MetricsQueries.metricNames("sum by (service) (crm_outbox_pending) - sum by (service) "
                + "(crm_outbox_pending offset 10m) > 0 and on (service) max by (service) (up{job=\"touchpoint\"}) == 1"))
                .containsExactly("crm_outbox_pending", "up");
        assertThat(MetricsQueries.metricNames("sum without (instance) (rate(http_server_requests_seconds_count"
                + "{status=~\"5..\", uri!~\"/actuator.*\"}[5m])) / ignoring (status) group_left sum(rate(gateway_x_total[5m:1m]))"))
                .containsExactly("http_server_requests_seconds_count", "gateway_x_total");
        assertThat(MetricsQueries.metricNames("label_values(jvm_memory_used_bytes{area=\"heap\"}, service)"))
                .containsExactly("jvm_memory_used_bytes");
        assertThat(MetricsQueries.metricNames("max_over_time(touchpoint:lag:max[10m]) > bool 1e3"))
                .containsExactly("touchpoint:lag:max");
        assertThat(MetricsQueries.selectorLabels("sum by (routeId) (rate(spring_cloud_gateway_requests_seconds_count"
                + "{application=\"gateway\", httpStatusCode=~\"5..\", x!=\"a,b}\"}[5m])) / on (routeId) up{job=\"j\"}"))
                .isEqualTo(Map.of("spring_cloud_gateway_requests_seconds_count", Set.of("application", "httpStatusCode", "x"),
                        "up", Set.of("job")));
        assertThat(MetricsQueries.groupingLabels("sum by (le, routeId) (x) / ignoring(status) sum without (instance) (y)"))
                .containsExactly("le", "routeId", "status", "instance");
        assertThat(MetricsQueries.sampleLabels("a_total{kind=\"p\",route=\"x,y=\\\"z\\\"\"} 1.0\nb 2\n"))
                .isEqualTo(Map.of("a_total", Set.of("kind", "route"), "b", Set.of()));
        assertThat(MetricsQueries.sampleNames("""
                # HELP crm_outbox_pending Events not yet acknowledged
                # TYPE crm_outbox_pending gauge
                crm_outbox_pending{collection="contacts",service="customer-service"} 0.0
                http_server_requests_seconds_bucket{le="0.005",uri="/x"} 1
                process_uptime_seconds 12.5
                """)).containsExactly("crm_outbox_pending", "http_server_requests_seconds_bucket", "process_uptime_seconds");
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsReadIsExposedAfterRealTraffic() throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        MetricsQueries.dashboardQueries(DASHBOARD).forEach((where, q) -> queries.put("dashboard " + where, q));
        Map<String, String> rules = MetricsQueries.ruleExpressions(RULES);
        assertThat(rules).as("one expr per rule of %s", RULES).hasSize((int) MetricsQueries.ruleCount(RULES));
        rules.forEach((alert, q) -> queries.put("alert " + alert, q));
        Map<String, Set<String>> usedBy = new TreeMap<>();
        queries.forEach((where, q) -> MetricsQueries.metricNames(q).forEach(name ->
                usedBy.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(where)));
        assertThat(usedBy.keySet()).as("what the dashboard and the alerts read (so this test is not vacuous)")
                .contains("crm_outbox_pending", "crm_kafka_dlt_records", "crm_touch_freshness_seconds_bucket",
                        "spring_cloud_gateway_requests_seconds_bucket", "http_server_requests_seconds_bucket",
                        "kafka_consumer_fetch_manager_records_lag_max", "up");

        // Real traffic: a contact created and read through the gateway, a request refused; the contact's touch is
        // consumed by every service (freshness tagged with its source).
        String id = id(TestData.create(gateway, contact("Matías", "Quispe")));
        Reply read = gateway.api().get("/api/contacts/" + id);
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(gateway.as(null).get("/api/contacts?limit=1").status()).isEqualTo(401);
        Map<String, URI> targets = new TreeMap<>();
        RunningPlatform.SERVICES.forEach(service -> targets.put(service, endpoints.service(service)));
        targets.put("gateway", endpoints.gatewayUrl());
        for (String service : RunningPlatform.SERVICES) {
            await(service + " applied the contact's touch").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> scrape(targets.get(service)).lines().anyMatch(l ->
                            l.startsWith("crm_touch_freshness_seconds_count{") && l.contains("source=\"customer-service\"")));
        }
        await("the gateway's per-route timer").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> scrape(endpoints.gatewayUrl()).contains("spring_cloud_gateway_requests_seconds_bucket{"));

        Path dumps = Path.of("target", "metrics-scrapes");
        Files.createDirectories(dumps);
        Map<String, Set<String>> exposedBy = new TreeMap<>();
        Map<String, Set<String>> labelsOf = new TreeMap<>();
        for (Map.Entry<String, URI> target : targets.entrySet()) {
            String exposition = scrape(target.getValue());
            Files.writeString(dumps.resolve(target.getKey() + ".prom"), exposition);
            MetricsQueries.sampleLabels(exposition).forEach((name, labels) -> {
                exposedBy.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(target.getKey());
                labelsOf.computeIfAbsent(name, n -> new LinkedHashSet<>(TARGET_LABELS)).addAll(labels);
            });
        }
        SYNTHESIZED_BY_PROMETHEUS.forEach(name -> labelsOf.put(name, TARGET_LABELS));

        Map<String, Set<String>> missing = usedBy.entrySet().stream()
                .filter(e -> !exposedBy.containsKey(e.getKey()) && !SYNTHESIZED_BY_PROMETHEUS.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertThat(missing).as("metrics read by the dashboard or the alerts that no process exposes (scrapes in %s)",
                dumps.toAbsolutePath()).isEmpty();

        // The labels they filter and group on: a wrong one leaves a panel empty or merges what it should split.
        List<String> unknownLabels = new ArrayList<>();
        queries.forEach((where, q) -> {
            MetricsQueries.selectorLabels(q).forEach((metric, labels) -> labels.stream()
                    .filter(label -> !labelsOf.getOrDefault(metric, Set.of()).contains(label))
                    .forEach(label -> unknownLabels.add(where + ": " + metric + "{" + label + "}")));
            Set<String> grouped = new LinkedHashSet<>(TARGET_LABELS);
            MetricsQueries.metricNames(q).forEach(metric -> grouped.addAll(labelsOf.getOrDefault(metric, Set.of())));
            MetricsQueries.groupingLabels(q).stream().filter(label -> !grouped.contains(label))
                    .forEach(label -> unknownLabels.add(where + ": by/on (" + label + ")"));
        });
        assertThat(unknownLabels).as("labels no exposed series of the queried metrics carries").isEmpty();
        System.out.println("[metrics] " + usedBy.size() + " metric names in " + queries.size() + " queries, all exposed: "
                + usedBy.keySet().stream().map(n -> n + " " + exposedBy.getOrDefault(n, Set.of("(prometheus)")))
                .collect(Collectors.joining(", ")));
    }

    private static String scrape(URI base) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/actuator/prometheus")).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("GET " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
