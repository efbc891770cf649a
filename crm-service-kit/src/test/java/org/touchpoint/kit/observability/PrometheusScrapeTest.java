package org.touchpoint.kit.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.kit.KitSpringTest;

/**
 * What Prometheus scrapes from a kit service: the platform's dashboards and alerts depend on these series
 * (deploy/grafana/dashboards/touchpoint.json, k8s/components/monitoring/prometheus-rules.yaml).
 */
class PrometheusScrapeTest extends KitSpringTest {

    private String scrape() {
        HttpResponse<String> r = call("GET", "/actuator/prometheus", null, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static List<String> series(String scrape, String name, String withLabel) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") && l.contains(withLabel)).toList();
    }

    @Test
    void httpLatencyIsAHistogramWithTheKitsFixedBuckets() {
        call("GET", "/public/pixel", null, Map.of());
        String scrape = scrape();

        List<String> buckets = series(scrape, "http_server_requests_seconds_bucket", "uri=\"/public/pixel\"");
        assertThat(buckets).as("a histogram histogram_quantile can use").isNotEmpty();
        List<String> les = buckets.stream().map(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).distinct().toList();
        assertThat(les).containsExactlyInAnyOrder("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0",
                "2.5", "5.0", "10.0", "+Inf");
        assertThat(buckets).allMatch(l -> l.contains("service=\"kit-test\""));
    }

    @Test
    void deadLetterAndKafkaConsumerSeriesAreThereFromStartUp() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String scrape = scrape();
            assertThat(series(scrape, "crm_kafka_dlt_records", "topic=\"crm.touches.kit-test.dlt\"")).hasSize(1);
            assertThat(series(scrape, "crm_kafka_dlt_published_total", "topic=\"crm.touches.kit-test.dlt\"")).hasSize(1);
            // Spring Boot binds the Kafka clients' metrics: the consumer lag the dashboard and alerts read.
            assertThat(series(scrape, "kafka_consumer_fetch_manager_records_lag_max", "client_id=")).isNotEmpty();
        });
    }
}
