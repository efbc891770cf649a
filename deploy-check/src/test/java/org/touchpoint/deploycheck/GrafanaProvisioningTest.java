package org.touchpoint.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Grafana in docker-compose: the provisioned dashboard loads from where compose mounts it and queries the
 * provisioned datasource. (Its metric and label names are checked against live services by e2e MetricsIT.)
 */
class GrafanaProvisioningTest {

    private static final Path GRAFANA = Tools.ROOT.resolve("deploy/grafana");

    @Test
    void theDashboardLoadsFromTheMountedFolderAndQueriesTheChosenPrometheusTheProvisionedOneByDefault() throws IOException {
        Object datasources = Rendered.parse(Files.readString(GRAFANA.resolve("provisioning/datasources/prometheus.yml")))
                .getFirst().at("datasources");
        String uid = String.valueOf(K8sObject.in(datasources, 0, "uid"));
        K8sObject dashboard = Rendered.parse(Files.readString(GRAFANA.resolve("dashboards/touchpoint.json"))).getFirst();
        String folder = String.valueOf(Rendered.parse(Files.readString(GRAFANA.resolve("provisioning/dashboards/touchpoint.yml")))
                .getFirst().at("providers", 0, "options", "path"));
        String compose = Files.readString(Tools.ROOT.resolve("docker-compose.yml"));

        assertThat(dashboard.string("uid")).isEqualTo("touchpoint-crm");
        assertThat(compose).contains("./deploy/grafana/dashboards:" + folder + ":ro");
        List<Object> datasourceRefs = new ArrayList<>();
        collect(dashboard.raw(), datasourceRefs);
        // Grafana's built-in annotation source ("-- Grafana --") aside, every query goes to the Prometheus chosen in
        // the dashboard's "datasource" variable (any Grafana), which defaults to the one compose provisions.
        List<Object> queries = datasourceRefs.stream().filter(ref -> !"grafana".equals(K8sObject.in(ref, "type"))).toList();
        assertThat(queries).as("panels and targets naming a datasource").hasSizeGreaterThan(10)
                .allSatisfy(ref -> assertThat(K8sObject.in(ref, "uid")).isEqualTo("${datasource}"));
        assertThat(dashboard.list("templating", "list")).anySatisfy(variable -> {
            assertThat(K8sObject.in(variable, "name")).isEqualTo("datasource");
            assertThat(K8sObject.in(variable, "type")).isEqualTo("datasource");
            assertThat(K8sObject.in(variable, "query")).isEqualTo("prometheus");
            assertThat(K8sObject.in(variable, "current", "value")).isEqualTo(uid);
        });
        assertThat(dashboard.list("panels")).hasSizeGreaterThan(10);
    }

    /** Every "datasource" object in the dashboard, at any depth. */
    private static void collect(Object node, List<Object> found) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("datasource".equals(key) && value instanceof Map<?, ?> ref && ref.containsKey("uid")) {
                    found.add(ref);
                } else {
                    collect(value, found);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, found));
        }
    }
}
