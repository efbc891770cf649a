package org.touchpoint.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * Validates every object of every rendered overlay against its JSON schema: the Kubernetes API (npm
 * {@code kubernetes-models}) and the operators' resources (KEDA, Prometheus Operator, Strimzi). The Node project
 * lives in {@code src/test/schema-check} (pinned by its package-lock.json) and is installed into
 * {@code target/schema-check} with {@code npm ci}.
 */
class SchemaValidationTest {

    private static final Path SOURCE = Path.of("src/test/schema-check").toAbsolutePath();
    private static final Path WORK = Path.of("target/schema-check").toAbsolutePath();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Path node;

    @BeforeAll
    static void installTheValidator() throws IOException {
        node = Tools.require("node", "install Node.js 20 (Debian: apt-get install nodejs npm)");
        Path npm = Tools.require("npm", "install npm (Debian: apt-get install npm)");
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "validate.mjs")) {
            Files.copy(SOURCE.resolve(file), WORK.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Tools.Result install = Tools.run(WORK, Map.of("npm_config_update_notifier", "false"), Duration.ofMinutes(5),
                List.of(npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error"));
        assertThat(install.exitCode()).as("npm ci in %s: %s", WORK, install.describe()).isZero();
    }

    @Test
    void everyObjectOfEveryOverlayMatchesItsSchema() throws IOException {
        List<String> files = new ArrayList<>();
        int objects = 0;
        for (String overlay : Rendered.overlays()) {
            List<K8sObject> rendered = Rendered.overlay(overlay);
            objects += rendered.size();
            files.add(write(overlay, rendered.stream().map(K8sObject::raw).toList()).toString());
        }

        Tools.Result result = validate(files);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<String> unchecked = result.stdout().lines().filter(l -> l.startsWith("no schema package")).toList();
        assertThat(unchecked).as("objects without a schema package: MongoDBCommunity only (checked by DeploymentPolicy)")
                .allSatisfy(line -> assertThat(line).contains("MongoDBCommunity/"));
        assertThat(result.stdout()).contains((objects - unchecked.size()) + " objects valid, 0 invalid");
    }

    @Test
    void rejectsAnObjectThatBreaksItsSchemaAndNamesIt() throws IOException {
        Map<String, Object> broken = Map.of("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", Map.of("name", "broken"),
                "spec", Map.of("replicas", "two", "selector", Map.of(), "template", Map.of()));
        Map<String, Object> unknown = Map.of("apiVersion", "example.com/v1", "kind", "Gadget",
                "metadata", Map.of("name", "gizmo"));

        Tools.Result result = validate(List.of(write("broken", List.of(broken, unknown)).toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("Deployment/broken").contains("replicas must be integer")
                .contains("Gadget/gizmo: no schema");
    }

    private static Path write(String name, List<?> objects) throws IOException {
        Path file = WORK.resolve("rendered-" + name + ".json");
        Files.writeString(file, JSON.writeValueAsString(objects));
        return file;
    }

    private static Tools.Result validate(List<String> files) {
        List<String> command = new ArrayList<>(List.of(node.toString(), "validate.mjs"));
        command.addAll(files);
        return Tools.run(WORK, Map.of(), Duration.ofMinutes(2), command);
    }
}
