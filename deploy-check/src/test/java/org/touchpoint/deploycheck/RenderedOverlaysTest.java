package org.touchpoint.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Renders every overlay with kubectl and holds it to {@link DeploymentPolicy}. */
class RenderedOverlaysTest {

    static final List<String> APPLICATIONS = List.of("customer-service", "sales-service", "marketing-service",
            "support-service", "analytics-service", "gateway");

    /** Production keeps two replicas of everything so that its PodDisruptionBudgets allow a node drain. */
    private static final Map<String, Integer> MIN_REPLICAS = Map.of("prod", 2);

    static List<String> overlays() {
        return Rendered.overlays();
    }

    @Test
    void theOverlaysAreDevAndProd() {
        assertThat(Rendered.overlays()).contains("dev", "prod");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void satisfiesTheDeploymentPolicy(String overlay) {
        List<K8sObject> objects = Rendered.overlay(overlay);

        assertThat(DeploymentPolicy.violations(objects, MIN_REPLICAS.getOrDefault(overlay, 1)))
                .as("policy violations in k8s/overlays/%s", overlay).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void deploysEveryApplicationWithItsServiceAccountServiceAndBudget(String overlay) {
        List<K8sObject> objects = Rendered.overlay(overlay);

        for (String kind : List.of("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget")) {
            assertThat(objects.stream().filter(o -> o.is(kind)).map(K8sObject::name))
                    .as("%s objects in %s", kind, overlay).containsAll(APPLICATIONS);
        }
        assertThat(objects).filteredOn(o -> o.is("Ingress")).hasSize(1);
        assertThat(objects).filteredOn(o -> o.is("ConfigMap")).extracting(K8sObject::name)
                .singleElement().asString().startsWith("touchpoint-config-");
        assertThat(objects).as("every object in the overlay's namespace")
                .allSatisfy(o -> assertThat(o.namespace()).isNotEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void deniesNetworkTrafficByDefault(String overlay) {
        List<K8sObject> policies = Rendered.overlay(overlay).stream().filter(o -> o.is("NetworkPolicy")).toList();

        assertThat(policies).anySatisfy(p -> {
            assertThat(p.map("spec", "podSelector", "matchLabels")).containsEntry("app.kubernetes.io/part-of", "touchpoint");
            assertThat(p.list("spec", "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(p.at("spec", "ingress")).isNull();
            assertThat(p.at("spec", "egress")).isNull();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void allowsTheTrafficTouchpointNeeds(String overlay) {
        List<K8sObject> policies = Rendered.overlay(overlay).stream().filter(o -> o.is("NetworkPolicy")).toList();
        List<String> services = APPLICATIONS.subList(0, 5);

        assertThat(policies).as("DNS for every Touchpoint pod").anySatisfy(p -> {
            assertThat(p.map("spec", "podSelector", "matchLabels")).containsEntry("app.kubernetes.io/part-of", "touchpoint");
            assertThat(ports(p, "egress")).contains("UDP/53", "TCP/53");
        });
        assertThat(policies).as("MongoDB for every Touchpoint pod").anySatisfy(p -> {
            assertThat(p.map("spec", "podSelector", "matchLabels")).containsEntry("app.kubernetes.io/part-of", "touchpoint");
            assertThat(ports(p, "egress")).contains("TCP/27017");
        });
        assertThat(policies).as("Kafka for the five services").anySatisfy(p -> {
            assertThat(selected(p)).containsAll(services);
            assertThat(ports(p, "egress")).contains("TCP/9092");
        });
        assertThat(policies).as("the ingress controller to the gateway").anySatisfy(p -> {
            assertThat(selected(p)).containsExactly("gateway");
            assertThat(p.list("spec", "ingress")).anySatisfy(rule -> assertThat(
                    K8sObject.in(rule, "from", 0, "namespaceSelector")).isNotNull());
        });
        assertThat(policies).as("the gateway to the five services").anySatisfy(p -> {
            assertThat(selected(p)).containsAll(services);
            assertThat(p.list("spec", "ingress")).anySatisfy(rule -> assertThat(
                    K8sObject.in(rule, "from", 0, "podSelector", "matchLabels", "app.kubernetes.io/name")).isEqualTo("gateway"));
        });
        assertThat(policies).as("the gateway's egress to the five services").anySatisfy(p -> {
            assertThat(selected(p)).containsExactly("gateway");
            assertThat(ports(p, "egress")).contains("TCP/8101", "TCP/8102", "TCP/8103", "TCP/8104", "TCP/8105");
        });
    }

    /** "PROTOCOL/port" of every port in the policy's ingress or egress rules. */
    private static List<String> ports(K8sObject policy, String direction) {
        return policy.list("spec", direction).stream()
                .flatMap(rule -> K8sObject.asList(K8sObject.in(rule, "ports")).stream())
                .map(port -> K8sObject.in(port, "protocol") + "/" + K8sObject.in(port, "port")).toList();
    }

    /** The application names a policy's pod selector picks (matchLabels name, or a matchExpressions In list). */
    private static List<String> selected(K8sObject policy) {
        Object name = policy.at("spec", "podSelector", "matchLabels", "app.kubernetes.io/name");
        if (name != null) {
            return List.of(name.toString());
        }
        return policy.list("spec", "podSelector", "matchExpressions").stream()
                .filter(e -> "app.kubernetes.io/name".equals(K8sObject.in(e, "key")) && "In".equals(K8sObject.in(e, "operator")))
                .flatMap(e -> K8sObject.asList(K8sObject.in(e, "values")).stream()).map(Object::toString).toList();
    }

    @Test
    void productionScalesTheConsumersOnKafkaLagAndIsScrapedByThePrometheusOperator() {
        List<K8sObject> prod = Rendered.overlay("prod");

        assertThat(prod).filteredOn(o -> o.is("ScaledObject")).extracting(K8sObject::name)
                .containsExactlyInAnyOrderElementsOf(APPLICATIONS.subList(0, 5));
        assertThat(prod).filteredOn(o -> o.is("HorizontalPodAutoscaler")).extracting(K8sObject::name)
                .containsExactly("gateway");
        assertThat(prod).filteredOn(o -> o.is("ScaledObject") && !o.name().equals("analytics-service"))
                .allSatisfy(s -> assertThat(s.list("spec", "triggers"))
                        .anySatisfy(t -> assertThat(K8sObject.in(t, "metadata", "consumerGroup")).isEqualTo(s.name() + "-folding")));
        assertThat(prod).filteredOn(o -> o.is("ScaledObject") && o.name().equals("analytics-service")).singleElement()
                .satisfies(s -> assertThat(s.list("spec", "triggers")).anySatisfy(t -> {
                    assertThat(K8sObject.in(t, "type")).isEqualTo("prometheus");
                    assertThat(String.valueOf(K8sObject.in(t, "metadata", "query"))).contains("analytics-service");
                }));
        assertThat(prod).filteredOn(o -> o.is("ServiceMonitor")).hasSize(1);
        assertThat(prod).filteredOn(o -> o.is("PrometheusRule")).hasSize(1);
        assertThat(prod).filteredOn(o -> o.is("Ingress")).singleElement()
                .satisfies(i -> assertThat(i.list("spec", "tls")).isNotEmpty());
    }

    @Test
    void developmentRunsKafkaMongoDbAndRedisInTheNamespace() {
        List<K8sObject> dev = Rendered.overlay("dev");

        assertThat(dev).filteredOn(o -> o.is("Kafka")).hasSize(1);
        assertThat(dev).filteredOn(o -> o.is("KafkaTopic")).extracting(o -> o.string("spec", "topicName"))
                .contains("crm.touches", "crm.customer-profiles", "crm.touches.analytics-service.dlt");
        assertThat(dev).filteredOn(o -> o.is("MongoDBCommunity")).hasSize(1);
        assertThat(dev).filteredOn(o -> o.is("Deployment")).extracting(K8sObject::name).contains("redis");
        K8sObject config = dev.stream().filter(o -> o.is("ConfigMap")).findFirst().orElseThrow();
        assertThat(config.string("data", "KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("touchpoint-kafka-bootstrap:9092");
        assertThat(config.string("data", "SPRING_DATA_REDIS_HOST")).isEqualTo("redis");
    }
}
