package org.touchpoint.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The top-level docker-compose.yml: valid for {@code docker-compose config}, refusing to start without its secrets,
 * and built the way the issue asks (healthchecks, healthy dependencies, memory limits, only the gateway and Grafana
 * published, every service scraped by Prometheus).
 */
class ComposeFileTest {

    private static final Map<String, String> SECRETS = Map.of(
            "CRM_INTERNAL_TOKEN_SECRET", "an-internal-token-secret-of-at-least-32-bytes",
            "CRM_GATEWAY_ADMIN_KEY", "an-admin-key",
            "GRAFANA_ADMIN_PASSWORD", "a-grafana-password");

    private static final Set<String> PUBLISHED = Set.of("gateway", "grafana");

    @Test
    void validatesWithItsSecretsSet() {
        Tools.Result result = compose(environment(SECRETS), "config", "-q");

        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    @Test
    void refusesToStartWithoutEachSecretAndNamesIt() {
        for (String secret : SECRETS.keySet()) {
            Map<String, String> env = environment(SECRETS);
            env.put(secret, null);

            Tools.Result result = compose(env, "config", "-q");

            assertThat(result.exitCode()).as("without %s", secret).isNotZero();
            assertThat(result.stderr()).as("without %s", secret).contains(secret);
        }
    }

    @Test
    void everyContainerHasAHealthcheckAMemoryLimitAndWaitsForHealthyDependencies() {
        Map<String, Object> services = resolvedServices();

        assertThat(services).containsKeys("kafka", "mongo", "redis", "customer-service", "sales-service",
                "marketing-service", "support-service", "analytics-service", "gateway", "prometheus", "grafana");
        services.forEach((name, raw) -> {
            Map<String, Object> service = K8sObject.asMap(raw);
            assertThat(K8sObject.asList(K8sObject.in(service, "healthcheck", "test"))).as("%s healthcheck", name).isNotEmpty();
            assertThat(K8sObject.in(service, "healthcheck", "disable")).as("%s healthcheck disabled", name).isNotEqualTo(true);
            assertThat(service.get("mem_limit") != null || K8sObject.in(service, "deploy", "resources", "limits", "memory") != null)
                    .as("%s has a memory limit", name).isTrue();
            K8sObject.asMap(service.get("depends_on")).forEach((dependency, condition) ->
                    assertThat(K8sObject.in(condition, "condition")).as("%s waits for %s", name, dependency)
                            .isEqualTo("service_healthy"));
            String image = String.valueOf(service.get("image"));
            assertThat(image).as("%s image tag", name).contains(":").doesNotEndWith(":latest");
        });
    }

    @Test
    void publishesOnlyTheGatewayAndGrafanaAndOnlyOnLoopbackByDefault() {
        Map<String, Object> services = resolvedServices();

        Set<String> published = new TreeSet<>();
        services.forEach((name, service) -> {
            List<Object> ports = K8sObject.asList(K8sObject.in(service, "ports"));
            if (!ports.isEmpty()) {
                published.add(name);
            }
            for (Object port : ports) {
                Object hostIp = port instanceof Map<?, ?> map ? map.get("host_ip") : port.toString().split(":")[0];
                assertThat(hostIp).as("%s publishes %s on the loopback interface by default", name, port)
                        .isEqualTo("127.0.0.1");
            }
        });
        assertThat(published).isEqualTo(PUBLISHED);
    }

    @Test
    void prometheusScrapesEveryApplicationItBuilds() throws IOException {
        Map<String, Object> services = resolvedServices();
        String prometheus = Files.readString(Tools.ROOT.resolve("deploy/prometheus/prometheus.yml"));

        services.forEach((name, service) -> {
            Object port = K8sObject.in(service, "environment", "SERVER_PORT");
            if (K8sObject.in(service, "build") != null) {
                assertThat(prometheus).as("prometheus.yml scrapes %s", name).contains("\"" + name + ":" + port + "\"");
            }
        });
    }

    @Test
    void keepsNoSecretValueInTheFile() throws IOException {
        String file = Files.readString(Tools.ROOT.resolve("docker-compose.yml"));
        Pattern secretSetting = Pattern.compile("^\\s*([A-Z_]*(SECRET|PASSWORD|ADMIN_KEY)[A-Z_]*):\\s*(.+)$", Pattern.MULTILINE);

        var matcher = secretSetting.matcher(file);
        int settings = 0;
        while (matcher.find()) {
            settings++;
            assertThat(matcher.group(3)).as("%s: required from the environment, no default", matcher.group(1))
                    .matches("\\$\\{[A-Z_]+:\\?.+\\}");
        }
        assertThat(settings).as("secret settings found in docker-compose.yml").isGreaterThanOrEqualTo(4);
    }

    private static Map<String, Object> resolvedServices() {
        Tools.Result result = compose(environment(SECRETS), "config");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return K8sObject.asMap(Rendered.parse(result.stdout()).getFirst().at("services"));
    }

    private static Map<String, String> environment(Map<String, String> values) {
        return new HashMap<>(values);
    }

    private static Tools.Result compose(Map<String, String> env, String... arguments) {
        String dockerCompose = Tools.require("docker-compose",
                "install it (Debian: apt-get install --no-install-recommends docker-compose)").toString();
        List<String> command = new java.util.ArrayList<>(List.of(dockerCompose, "-f", "docker-compose.yml"));
        command.addAll(List.of(arguments));
        return Tools.run(Tools.ROOT, env, Duration.ofMinutes(1), command);
    }
}
