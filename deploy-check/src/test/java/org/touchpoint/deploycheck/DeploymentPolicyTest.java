package org.touchpoint.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy itself: silent on a compliant set of objects, and naming each breach when one is introduced. */
class DeploymentPolicyTest {

    private static final String COMPLIANT = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: touchpoint-config-abc, namespace: ns}
            data: {KAFKA_BOOTSTRAP_SERVERS: "kafka:9092", MONGODB_URI: "mongodb://mongo:27017"}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: sales-service, namespace: ns}
            spec:
              selector: {matchLabels: {app.kubernetes.io/name: sales-service}}
              template:
                metadata: {labels: {app.kubernetes.io/name: sales-service}}
                spec:
                  terminationGracePeriodSeconds: 45
                  securityContext: {runAsNonRoot: true, runAsUser: 10001}
                  topologySpreadConstraints: [{maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway}]
                  containers:
                    - name: sales-service
                      image: registry.example.com/touchpoint/sales-service:0.1.0
                      ports: [{name: http, containerPort: 8102}]
                      envFrom: [{configMapRef: {name: touchpoint-config-abc}}]
                      env: [{name: CRM_INTERNAL_TOKEN_SECRET, valueFrom: {secretKeyRef: {name: touchpoint-secrets, key: CRM_INTERNAL_TOKEN_SECRET}}}]
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities: {drop: [ALL]}
                      resources: {requests: {cpu: 250m, memory: 512Mi}, limits: {memory: 768Mi}}
                      startupProbe: {httpGet: {path: /actuator/health/liveness, port: http}}
                      livenessProbe: {httpGet: {path: /actuator/health/liveness, port: http}}
                      readinessProbe: {httpGet: {path: /actuator/health/readiness, port: http}}
                      lifecycle: {preStop: {exec: {command: [sleep, "10"]}}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: sales-service, namespace: ns}
            spec:
              selector: {app.kubernetes.io/name: sales-service}
              ports: [{name: http, port: 8102, targetPort: http}]
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: sales-service, namespace: ns}
            spec: {maxUnavailable: 1, selector: {matchLabels: {app.kubernetes.io/name: sales-service}}}
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: sales-service, namespace: ns}
            spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: sales-service}, minReplicas: 2, maxReplicas: 6}
            """;

    @Test
    void aCompliantSetHasNoViolations() {
        assertThat(DeploymentPolicy.violations(Rendered.parse(COMPLIANT), 2)).isEmpty();
    }

    static Stream<Arguments> breaches() {
        return Stream.of(
                breach("no readiness probe", container(c -> c.remove("readinessProbe")), "no readinessProbe"),
                breach("no startup probe", container(c -> c.remove("startupProbe")), "no startupProbe"),
                breach("liveness on the wrong path", container(c -> probe(c, "livenessProbe").put("path", "/")),
                        "livenessProbe checks /, expected /actuator/health/liveness"),
                breach("no resources", container(c -> c.remove("resources")), "no CPU request"),
                breach("request above limit", container(c -> map(c, "resources", "limits").put("memory", "256Mi")),
                        "memory request 512Mi is above its limit 256Mi"),
                breach("root allowed", pod(p -> map(p, "securityContext").put("runAsNonRoot", false)),
                        "runAsNonRoot is not true"),
                breach("uid 0", pod(p -> map(p, "securityContext").put("runAsUser", 0)), "runs as uid 0"),
                breach("writable root filesystem", container(c -> map(c, "securityContext").remove("readOnlyRootFilesystem")),
                        "readOnlyRootFilesystem is not true"),
                breach("capabilities kept", container(c -> map(c, "securityContext").remove("capabilities")),
                        "capabilities are not all dropped"),
                breach("latest image", container(c -> c.put("image", "touchpoint/sales-service:latest")), "no pinned tag"),
                breach("no preStop", container(c -> c.remove("lifecycle")), "no preStop sleep"),
                breach("another registry path is still Touchpoint's", container(c -> {
                    c.put("image", "registry.example.com/crm/sales-service:1.0");
                    c.remove("lifecycle");
                }), "no preStop sleep"),
                breach("grace too short", pod(p -> p.put("terminationGracePeriodSeconds", 20)),
                        "terminationGracePeriodSeconds 20"),
                breach("fixed replicas", objects -> deployment(objects).map("spec").put("replicas", 3),
                        "sets spec.replicas"),
                breach("no PDB", objects -> objects.removeIf(o -> o.is("PodDisruptionBudget")),
                        "no PodDisruptionBudget selects its pods"),
                breach("no autoscaler", objects -> objects.removeIf(o -> o.is("HorizontalPodAutoscaler")),
                        "0 autoscalers"),
                breach("one replica in production", objects -> objects.stream().filter(o -> o.is("HorizontalPodAutoscaler"))
                        .forEach(h -> h.map("spec").put("minReplicas", 1)), "keeps 1 replica(s)"),
                breach("missing ConfigMap", objects -> objects.removeIf(o -> o.is("ConfigMap")),
                        "reads ConfigMap touchpoint-config-abc, which is not rendered"),
                breach("no MongoDB address", objects -> objects.stream().filter(o -> o.is("ConfigMap"))
                        .forEach(c -> c.map("data").remove("MONGODB_URI")),
                        "MONGODB_URI is set neither in its env nor in a ConfigMap it reads"),
                breach("Service selecting nothing", objects -> objects.stream().filter(o -> o.is("Service"))
                        .forEach(s -> s.map("spec", "selector").put("app.kubernetes.io/name", "nobody")),
                        "Service/sales-service: selects no Deployment's pods"),
                breach("a rendered Secret", objects -> objects.addAll(Rendered.parse(
                        "apiVersion: v1\nkind: Secret\nmetadata: {name: leaked, namespace: ns}\n")), "a Secret is rendered"),
                breach("a misspelt KEDA setting", objects -> objects.addAll(scaledObject(
                        "{bootstrapServersFromEnv: KAFKA_BOOTSTRAP_SERVERS, consumerGroup: sales-service-folding, "
                                + "topic: crm.touches, lagTreshold: \"500\"}")), "unknown kafka trigger setting lagTreshold"),
                breach("a KEDA trigger on another service's group", objects -> objects.addAll(scaledObject(
                        "{consumerGroup: support-service-folding, topic: crm.touches}")), "reads group support-service-folding"),
                breach("topic replicas above brokers", objects -> objects.addAll(Rendered.parse("""
                        apiVersion: kafka.strimzi.io/v1beta2
                        kind: Kafka
                        metadata: {name: touchpoint, namespace: ns}
                        spec: {kafka: {config: {default.replication.factor: 1}}}
                        ---
                        apiVersion: kafka.strimzi.io/v1beta2
                        kind: KafkaNodePool
                        metadata: {name: pool, namespace: ns}
                        spec: {replicas: 1, roles: [controller, broker]}
                        ---
                        apiVersion: kafka.strimzi.io/v1beta2
                        kind: KafkaTopic
                        metadata: {name: crm-touches, namespace: ns}
                        spec: {topicName: crm.touches, partitions: 6, replicas: 3}
                        """)), "KafkaTopic/crm-touches: 3 replicas but 1 broker(s)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breaches")
    void namesEachBreach(String description, Consumer<List<K8sObject>> change, String expected) {
        List<K8sObject> objects = new ArrayList<>(Rendered.parse(COMPLIANT));
        change.accept(objects);

        assertThat(DeploymentPolicy.violations(objects, 2)).anySatisfy(v -> assertThat(v).contains(expected));
    }

    @Test
    void readsMemoryQuantities() {
        assertThat(DeploymentPolicy.bytes("512Mi")).isEqualByComparingTo("536870912");
        assertThat(DeploymentPolicy.bytes("1Gi")).isGreaterThan(DeploymentPolicy.bytes("768Mi"));
        assertThat(DeploymentPolicy.bytes("1G")).isEqualByComparingTo("1000000000");
    }

    /** A KEDA ScaledObject for sales-service with one kafka trigger of this metadata (a YAML flow map). */
    private static List<K8sObject> scaledObject(String triggerMetadata) {
        return Rendered.parse("""
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: sales-service, namespace: ns}
                spec:
                  scaleTargetRef: {name: sales-service}
                  minReplicaCount: 2
                  triggers:
                    - type: kafka
                      metadata: %s
                """.formatted(triggerMetadata));
    }

    private static Arguments breach(String description, Consumer<List<K8sObject>> change, String expected) {
        return Arguments.of(description, change, expected);
    }

    private static K8sObject deployment(List<K8sObject> objects) {
        return objects.stream().filter(o -> o.is("Deployment")).findFirst().orElseThrow();
    }

    private static Consumer<List<K8sObject>> pod(Consumer<Map<String, Object>> change) {
        return objects -> change.accept(deployment(objects).map("spec", "template", "spec"));
    }

    private static Consumer<List<K8sObject>> container(Consumer<Map<String, Object>> change) {
        return objects -> change.accept(K8sObject.asMap(deployment(objects).at("spec", "template", "spec", "containers", 0)));
    }

    private static Map<String, Object> probe(Map<String, Object> container, String probe) {
        return map(container, probe, "httpGet");
    }

    private static Map<String, Object> map(Map<String, Object> root, String... path) {
        return K8sObject.asMap(K8sObject.in(root, (Object[]) path));
    }
}
