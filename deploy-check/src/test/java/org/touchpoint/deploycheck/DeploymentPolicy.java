package org.touchpoint.deploycheck;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every rendered overlay must satisfy before an ops team would accept it. {@link #violations} lists every
 * breach, one readable line each, so a failing build says exactly what to fix.
 *
 * <p>Every Deployment: startup, liveness and readiness probes; CPU and memory requests and a memory limit (request
 * not above limit); non-root (pod or container), no privilege escalation, read-only root filesystem, all
 * capabilities dropped; a PodDisruptionBudget selecting its pods; an image with an explicit tag other than
 * {@code latest}; ConfigMaps it reads present. Touchpoint's own Deployments ({@link #APPLICATIONS}) also:
 * probes on the actuator health groups, a preStop pause inside the termination grace period, topology spread, no
 * fixed replica count and exactly one autoscaler (HPA or KEDA ScaledObject). Services, the Ingress and
 * ServiceMonitors must reach something real; no Secret is ever rendered; Kafka replication must fit the brokers;
 * KEDA kafka triggers use known settings and the target's own consumer group ({@code <service>-folding}; analytics,
 * whose group changes with each generation of its views, scales on its lag through Prometheus instead).
 */
final class DeploymentPolicy {

    private static final Pattern SLEEP = Pattern.compile("^sleep\\s+(\\d+)$|^(\\d+)$");

    /** Touchpoint's own applications, by their {@code app.kubernetes.io/name} label (whatever registry the image is in). */
    static final Set<String> APPLICATIONS = Set.of("customer-service", "sales-service", "marketing-service",
            "support-service", "analytics-service", "gateway");

    private DeploymentPolicy() {
    }

    /** Every breach in the rendered objects of one overlay; {@code minReplicas} is the least an autoscaler may keep. */
    static List<String> violations(List<K8sObject> objects, int minReplicas) {
        List<String> v = new ArrayList<>();
        List<K8sObject> deployments = objects.stream().filter(o -> o.is("Deployment")).toList();
        if (deployments.isEmpty()) {
            v.add("no Deployment rendered");
        }
        Set<String> configMaps = names(objects, "ConfigMap");
        Map<String, Integer> autoscalers = new HashMap<>();
        for (K8sObject o : objects) {
            if (o.is("HorizontalPodAutoscaler") || o.is("ScaledObject")) {
                String target = o.string("spec", "scaleTargetRef", "name");
                autoscalers.merge(target, 1, Integer::sum);
                if (deployments.stream().noneMatch(d -> d.name().equals(target))) {
                    v.add(o.id() + ": scales Deployment " + target + ", which is not rendered");
                }
                Object min = o.is("ScaledObject") ? o.at("spec", "minReplicaCount") : o.at("spec", "minReplicas");
                int least = min == null ? 1 : ((Number) min).intValue();
                if (least < minReplicas) {
                    v.add(o.id() + ": keeps " + least + " replica(s); this overlay needs at least " + minReplicas
                            + " so a PodDisruptionBudget never blocks a node drain");
                }
            }
            if (o.is("Secret")) {
                v.add(o.id() + ": a Secret is rendered; secrets are created in the cluster, never kept in the repository");
            }
        }
        for (K8sObject d : deployments) {
            checkDeployment(d, objects, configMaps, autoscalers.getOrDefault(d.name(), 0), v);
        }
        checkServices(objects, deployments, v);
        checkKafkaReplication(objects, v);
        checkMongoDbCommunity(objects, deployments, v);
        objects.stream().filter(o -> o.is("ScaledObject")).forEach(o -> checkKafkaTriggers(o, v));
        return v;
    }

    /** KEDA's kafka trigger settings (its schema takes any string map, so a misspelt key would pass unnoticed). */
    private static final Set<String> KAFKA_TRIGGER_KEYS = Set.of("bootstrapServers", "bootstrapServersFromEnv",
            "consumerGroup", "consumerGroupFromEnv", "topic", "topicFromEnv", "lagThreshold", "activationLagThreshold",
            "offsetResetPolicy", "allowIdleConsumers", "scaleToZeroOnInvalidOffset", "excludePersistentLag",
            "limitToPartitionsWithLag", "ensureEvenDistributionOfPartitions", "partitionLimitation", "version",
            "sasl", "tls", "unsafeSsl");

    private static void checkKafkaTriggers(K8sObject scaledObject, List<String> v) {
        String target = scaledObject.string("spec", "scaleTargetRef", "name");
        for (Object trigger : scaledObject.list("spec", "triggers")) {
            if (!"kafka".equals(K8sObject.in(trigger, "type"))) {
                continue;
            }
            Map<String, Object> metadata = K8sObject.asMap(K8sObject.in(trigger, "metadata"));
            metadata.keySet().stream().filter(key -> !KAFKA_TRIGGER_KEYS.contains(key))
                    .forEach(key -> v.add(scaledObject.id() + ": unknown kafka trigger setting " + key));
            String topic = String.valueOf(metadata.get("topic"));
            String expectedGroup = target + "-folding";
            if (!topic.equals("crm.touches") && !topic.equals("crm.customer-profiles")) {
                v.add(scaledObject.id() + ": kafka trigger on topic " + topic + ", which Touchpoint does not consume");
            } else if ("analytics-service".equals(target)) {
                v.add(scaledObject.id() + ": kafka trigger on a fixed group, but analytics folds each generation of its views with"
                        + " its own group (analytics-service-g<n>): scale it on its lag through Prometheus");
            } else if (!expectedGroup.equals(metadata.get("consumerGroup"))) {
                v.add(scaledObject.id() + ": kafka trigger on " + topic + " reads group " + metadata.get("consumerGroup")
                        + "; " + target + " consumes it as " + expectedGroup);
            }
        }
    }

    private static void checkDeployment(K8sObject d, List<K8sObject> objects, Set<String> configMaps, int autoscalers,
                                        List<String> v) {
        String id = d.id();
        Map<String, Object> pod = d.map("spec", "template", "spec");
        Map<String, Object> podLabels = d.map("spec", "template", "metadata", "labels");
        List<Object> containers = K8sObject.asList(pod.get("containers"));
        if (containers.isEmpty()) {
            v.add(id + ": no containers");
        }
        boolean podNonRoot = Boolean.TRUE.equals(K8sObject.in(pod, "securityContext", "runAsNonRoot"));
        Object podUser = K8sObject.in(pod, "securityContext", "runAsUser");
        boolean touchpoint = APPLICATIONS.contains(String.valueOf(podLabels.get("app.kubernetes.io/name")));
        long preStopSeconds = -1;
        for (Object c : containers) {
            String name = id + " container " + K8sObject.in(c, "name");
            String image = Objects.toString(K8sObject.in(c, "image"), "");
            String tag = image.contains("@") ? "digest" : image.substring(image.lastIndexOf('/') + 1).contains(":")
                    ? image.substring(image.lastIndexOf(':') + 1) : "";
            if (tag.isEmpty() || tag.equals("latest")) {
                v.add(name + ": image " + image + " has no pinned tag (an overlay must set one)");
            }
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                if (K8sObject.in(c, probe) == null) {
                    v.add(name + ": no " + probe);
                }
            }
            checkResources(name, K8sObject.asMap(K8sObject.in(c, "resources")), v);
            Map<String, Object> security = K8sObject.asMap(K8sObject.in(c, "securityContext"));
            boolean nonRoot = Boolean.TRUE.equals(security.get("runAsNonRoot")) || podNonRoot;
            Object user = security.getOrDefault("runAsUser", podUser);
            if (!nonRoot) {
                v.add(name + ": runAsNonRoot is not true (pod or container)");
            }
            if (user instanceof Number n && n.longValue() == 0) {
                v.add(name + ": runs as uid 0");
            }
            if (!Boolean.FALSE.equals(security.get("allowPrivilegeEscalation"))) {
                v.add(name + ": allowPrivilegeEscalation is not false");
            }
            if (!Boolean.TRUE.equals(security.get("readOnlyRootFilesystem"))) {
                v.add(name + ": readOnlyRootFilesystem is not true");
            }
            if (!K8sObject.asList(K8sObject.in(security, "capabilities", "drop")).contains("ALL")) {
                v.add(name + ": capabilities are not all dropped (drop: [ALL])");
            }
            for (Object from : K8sObject.asList(K8sObject.in(c, "envFrom"))) {
                Object configMap = K8sObject.in(from, "configMapRef", "name");
                if (configMap != null && !configMaps.contains(configMap.toString())) {
                    v.add(name + ": reads ConfigMap " + configMap + ", which is not rendered");
                }
            }
            if (touchpoint) {
                checkSettings(name, d.name(), c, objects, v);
                expectProbePath(name, c, "startupProbe", "/actuator/health/liveness", v);
                expectProbePath(name, c, "livenessProbe", "/actuator/health/liveness", v);
                expectProbePath(name, c, "readinessProbe", "/actuator/health/readiness", v);
                preStopSeconds = Math.max(preStopSeconds, preStopSleep(c));
            }
        }
        if (objects.stream().noneMatch(p -> p.is("PodDisruptionBudget") && p.namespace().equals(d.namespace())
                && selects(p.map("spec", "selector", "matchLabels"), podLabels))) {
            v.add(id + ": no PodDisruptionBudget selects its pods");
        }
        if (touchpoint) {
            if (preStopSeconds < 0) {
                v.add(id + ": no preStop sleep (endpoints need a moment to drop the pod before it stops)");
            } else {
                Object grace = pod.get("terminationGracePeriodSeconds");
                long graceSeconds = grace instanceof Number n ? n.longValue() : 30;
                if (graceSeconds < preStopSeconds + 30) {
                    v.add(id + ": terminationGracePeriodSeconds " + graceSeconds + " leaves less than 30 s after the "
                            + preStopSeconds + " s preStop for the graceful shutdown");
                }
            }
            if (K8sObject.asList(pod.get("topologySpreadConstraints")).isEmpty()) {
                v.add(id + ": no topologySpreadConstraints");
            }
            if (d.at("spec", "replicas") != null) {
                v.add(id + ": sets spec.replicas; its autoscaler owns the replica count");
            }
            if (autoscalers != 1) {
                v.add(id + ": " + autoscalers + " autoscalers (HPA or ScaledObject) target it; exactly one must");
            }
        }
    }

    /** The settings a Touchpoint application cannot start without, from its env or the ConfigMaps it reads. */
    private static void checkSettings(String name, String application, Object container, List<K8sObject> objects,
                                      List<String> v) {
        Set<String> provided = new HashSet<>();
        for (Object env : K8sObject.asList(K8sObject.in(container, "env"))) {
            provided.add(String.valueOf(K8sObject.in(env, "name")));
        }
        for (Object from : K8sObject.asList(K8sObject.in(container, "envFrom"))) {
            Object configMap = K8sObject.in(from, "configMapRef", "name");
            objects.stream().filter(o -> o.is("ConfigMap") && o.name().equals(configMap))
                    .forEach(o -> provided.addAll(o.map("data").keySet()));
        }
        List<String> required = application.equals("gateway")
                ? List.of("MONGODB_URI", "CRM_INTERNAL_TOKEN_SECRET", "CUSTOMER_SERVICE_URI", "SALES_SERVICE_URI",
                        "MARKETING_SERVICE_URI", "SUPPORT_SERVICE_URI", "ANALYTICS_SERVICE_URI")
                : List.of("MONGODB_URI", "CRM_INTERNAL_TOKEN_SECRET", "KAFKA_BOOTSTRAP_SERVERS");
        for (String setting : required) {
            if (!provided.contains(setting)) {
                v.add(name + ": " + setting + " is set neither in its env nor in a ConfigMap it reads");
            }
        }
    }

    private static void expectProbePath(String name, Object container, String probe, String path, List<String> v) {
        Object actual = K8sObject.in(container, probe, "httpGet", "path");
        if (K8sObject.in(container, probe) != null && !path.equals(actual)) {
            v.add(name + ": " + probe + " checks " + actual + ", expected " + path);
        }
    }

    private static long preStopSleep(Object container) {
        List<Object> command = K8sObject.asList(K8sObject.in(container, "lifecycle", "preStop", "exec", "command"));
        Object sleep = K8sObject.in(container, "lifecycle", "preStop", "sleep", "seconds");
        if (sleep instanceof Number n) {
            return n.longValue();
        }
        if (command.size() == 2 && "sleep".equals(command.get(0))) {
            Matcher m = SLEEP.matcher(command.get(1).toString());
            if (m.matches()) {
                return Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        return -1;
    }

    private static void checkResources(String name, Map<String, Object> resources, List<String> v) {
        Object cpu = K8sObject.in(resources, "requests", "cpu");
        Object memory = K8sObject.in(resources, "requests", "memory");
        Object limit = K8sObject.in(resources, "limits", "memory");
        if (cpu == null) {
            v.add(name + ": no CPU request");
        }
        if (memory == null) {
            v.add(name + ": no memory request");
        }
        if (limit == null) {
            v.add(name + ": no memory limit");
        }
        if (memory != null && limit != null && bytes(memory.toString()).compareTo(bytes(limit.toString())) > 0) {
            v.add(name + ": memory request " + memory + " is above its limit " + limit);
        }
    }

    /** A Kubernetes memory quantity in bytes (Ki, Mi, Gi, Ti, k, M, G, T or plain). */
    static BigDecimal bytes(String quantity) {
        Matcher m = Pattern.compile("^([0-9.]+)([KMGT]i?|k)?$").matcher(quantity.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a memory quantity: " + quantity);
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        long factor = switch (unit) {
            case "" -> 1L;
            case "k", "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            default -> throw new IllegalArgumentException("unknown unit in " + quantity);
        };
        return number.multiply(BigDecimal.valueOf(factor));
    }

    private static void checkServices(List<K8sObject> objects, List<K8sObject> deployments, List<String> v) {
        Map<String, K8sObject> services = new HashMap<>();
        for (K8sObject s : objects.stream().filter(o -> o.is("Service")).toList()) {
            services.put(s.name(), s);
            Map<String, Object> selector = s.map("spec", "selector");
            List<K8sObject> backing = deployments.stream()
                    .filter(d -> selects(selector, d.map("spec", "template", "metadata", "labels"))).toList();
            if (selector.isEmpty() || backing.isEmpty()) {
                v.add(s.id() + ": selects no Deployment's pods");
                continue;
            }
            for (Object port : s.list("spec", "ports")) {
                Object target = K8sObject.in(port, "targetPort");
                if (target instanceof String named && backing.stream().noneMatch(d -> containerPorts(d).contains(named))) {
                    v.add(s.id() + ": targetPort " + named + " is not a named container port of its pods");
                }
            }
        }
        for (K8sObject ingress : objects.stream().filter(o -> o.is("Ingress")).toList()) {
            for (Object rule : ingress.list("spec", "rules")) {
                for (Object path : K8sObject.asList(K8sObject.in(rule, "http", "paths"))) {
                    Object backend = K8sObject.in(path, "backend", "service", "name");
                    Object port = K8sObject.in(path, "backend", "service", "port", "name");
                    K8sObject service = services.get(String.valueOf(backend));
                    if (service == null) {
                        v.add(ingress.id() + ": backend Service " + backend + " is not rendered");
                    } else if (port != null && service.list("spec", "ports").stream()
                            .noneMatch(p -> port.equals(K8sObject.in(p, "name")))) {
                        v.add(ingress.id() + ": Service " + backend + " has no port named " + port);
                    }
                }
            }
        }
        for (K8sObject monitor : objects.stream().filter(o -> o.is("ServiceMonitor")).toList()) {
            Map<String, Object> selector = monitor.map("spec", "selector", "matchLabels");
            List<K8sObject> selected = services.values().stream().filter(s -> selects(selector, s.labels())).toList();
            if (selected.isEmpty()) {
                v.add(monitor.id() + ": selects no Service");
            }
            for (Object endpoint : monitor.list("spec", "endpoints")) {
                Object port = K8sObject.in(endpoint, "port");
                for (K8sObject s : selected) {
                    if (s.list("spec", "ports").stream().noneMatch(p -> Objects.equals(port, K8sObject.in(p, "name")))) {
                        v.add(monitor.id() + ": Service " + s.name() + " has no port named " + port);
                    }
                }
            }
        }
    }

    private static Set<String> containerPorts(K8sObject deployment) {
        Set<String> names = new HashSet<>();
        for (Object c : deployment.list("spec", "template", "spec", "containers")) {
            for (Object p : K8sObject.asList(K8sObject.in(c, "ports"))) {
                names.add(String.valueOf(K8sObject.in(p, "name")));
            }
        }
        return names;
    }

    /** With in-cluster Kafka (Strimzi), no topic or default may ask for more replicas than there are brokers. */
    private static void checkKafkaReplication(List<K8sObject> objects, List<String> v) {
        int brokers = objects.stream().filter(o -> o.is("KafkaNodePool")
                        && o.list("spec", "roles").contains("broker"))
                .mapToInt(o -> ((Number) o.at("spec", "replicas")).intValue()).sum();
        if (objects.stream().noneMatch(o -> o.is("Kafka"))) {
            return;
        }
        for (K8sObject o : objects) {
            if (o.is("KafkaTopic")) {
                int replicas = ((Number) o.at("spec", "replicas")).intValue();
                Object minIsr = o.at("spec", "config", "min.insync.replicas");
                if (replicas > brokers) {
                    v.add(o.id() + ": " + replicas + " replicas but " + brokers + " broker(s)");
                }
                if (minIsr instanceof Number n && n.intValue() > replicas) {
                    v.add(o.id() + ": min.insync.replicas " + n + " above its " + replicas + " replicas");
                }
            }
            if (o.is("Kafka")) {
                for (String key : List.of("default.replication.factor", "offsets.topic.replication.factor",
                        "transaction.state.log.replication.factor", "min.insync.replicas")) {
                    if (o.at("spec", "kafka", "config", key) instanceof Number n && n.intValue() > brokers) {
                        v.add(o.id() + ": " + key + " " + n + " but " + brokers + " broker(s)");
                    }
                }
            }
            if (o.is("ConfigMap") && o.at("data", "CRM_KAFKA_REPLICATIONFACTOR") != null) {
                int asked = Integer.parseInt(o.string("data", "CRM_KAFKA_REPLICATIONFACTOR"));
                if (asked > brokers) {
                    v.add(o.id() + ": CRM_KAFKA_REPLICATIONFACTOR " + asked + " but " + brokers + " broker(s)");
                }
            }
        }
    }

    /**
     * MongoDBCommunity has no published schema package, so its required shape is checked here; and every
     * connection-string Secret a Deployment reads must be one the resource's users produce.
     */
    private static void checkMongoDbCommunity(List<K8sObject> objects, List<K8sObject> deployments, List<String> v) {
        Set<String> produced = new HashSet<>();
        List<K8sObject> clusters = objects.stream().filter(o -> o.is("MongoDBCommunity")).toList();
        for (K8sObject m : clusters) {
            if (!(m.at("spec", "members") instanceof Number members) || members.intValue() < 1) {
                v.add(m.id() + ": spec.members must be a positive number");
            }
            if (!"ReplicaSet".equals(m.string("spec", "type"))) {
                v.add(m.id() + ": spec.type must be ReplicaSet");
            }
            if (m.string("spec", "version") == null || !m.string("spec", "version").matches("\\d+\\.\\d+\\.\\d+")) {
                v.add(m.id() + ": spec.version must be a full MongoDB version (x.y.z)");
            }
            if (m.list("spec", "security", "authentication", "modes").isEmpty()) {
                v.add(m.id() + ": no spec.security.authentication.modes");
            }
            if (m.list("spec", "users").isEmpty()) {
                v.add(m.id() + ": no users");
            }
            for (Object user : m.list("spec", "users")) {
                String name = m.id() + " user " + K8sObject.in(user, "name");
                for (String field : List.of("name", "db", "scramCredentialsSecretName")) {
                    if (K8sObject.in(user, field) == null) {
                        v.add(name + ": no " + field);
                    }
                }
                if (K8sObject.in(user, "passwordSecretRef", "name") == null) {
                    v.add(name + ": no passwordSecretRef.name");
                }
                List<Object> roles = K8sObject.asList(K8sObject.in(user, "roles"));
                if (roles.isEmpty() || roles.stream().anyMatch(r -> K8sObject.in(r, "name") == null
                        || K8sObject.in(r, "db") == null)) {
                    v.add(name + ": roles must each name a role and a db");
                }
                Object secret = K8sObject.in(user, "connectionStringSecretName");
                if (secret != null) {
                    produced.add(secret.toString());
                }
            }
        }
        if (clusters.isEmpty()) {
            return;
        }
        for (K8sObject d : deployments) {
            for (Object c : d.list("spec", "template", "spec", "containers")) {
                for (Object env : K8sObject.asList(K8sObject.in(c, "env"))) {
                    Object secret = K8sObject.in(env, "valueFrom", "secretKeyRef", "name");
                    if ("MONGODB_URI".equals(K8sObject.in(env, "name")) && secret != null
                            && !produced.contains(secret.toString())) {
                        v.add(d.id() + ": MONGODB_URI reads Secret " + secret + ", which no MongoDBCommunity user produces");
                    }
                }
            }
        }
    }

    /** A label selector (matchLabels) selects these labels: non-empty and every pair present. */
    static boolean selects(Map<String, Object> matchLabels, Map<String, Object> labels) {
        return !matchLabels.isEmpty() && matchLabels.entrySet().stream()
                .allMatch(e -> Objects.equals(String.valueOf(e.getValue()), String.valueOf(labels.get(e.getKey()))));
    }

    private static Set<String> names(List<K8sObject> objects, String kind) {
        Set<String> names = new HashSet<>();
        objects.stream().filter(o -> o.is(kind)).forEach(o -> names.add(o.name()));
        return names;
    }
}
