package org.touchpoint.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The sources under k8s/: no manifest kept twice, and every component documented and rendered by an overlay. */
class ManifestSourcesTest {

    private static final Path K8S = Tools.ROOT.resolve("k8s");

    @Test
    void definesEachObjectInOneFileOnly() throws IOException {
        Map<String, List<Path>> definitions = new HashMap<>();
        for (Path file : yamlFiles()) {
            if (file.getFileName().toString().equals("kustomization.yaml") || file.toString().contains("/patches/")) {
                continue;
            }
            for (K8sObject o : Rendered.parse(Files.readString(file))) {
                if (o.raw().containsKey("$patch")) {
                    continue; // a strategic-merge delete, not a definition
                }
                definitions.computeIfAbsent(o.apiVersion() + " " + o.id(), k -> new ArrayList<>()).add(K8S.relativize(file));
            }
        }

        assertThat(definitions).as("objects defined").hasSizeGreaterThan(30);
        assertThat(definitions).allSatisfy((object, files) -> assertThat(files).as(object).hasSize(1));
    }

    @Test
    void everyComponentIsAComponentWithAReadmeAndIsRenderedByAnOverlay() throws IOException {
        List<String> components;
        try (Stream<Path> dirs = Files.list(K8S.resolve("components"))) {
            components = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
        StringBuilder overlays = new StringBuilder();
        for (String overlay : Rendered.overlays()) {
            overlays.append(Files.readString(Rendered.OVERLAYS.resolve(overlay).resolve("kustomization.yaml")));
        }

        assertThat(components).contains("network-policies", "monitoring", "keda", "strimzi-kafka", "mongodb-community");
        for (String component : components) {
            Path dir = K8S.resolve("components").resolve(component);
            assertThat(dir.resolve("README.md")).as("%s README", component).isRegularFile();
            assertThat(Files.readString(dir.resolve("kustomization.yaml"))).as(component).contains("kind: Component");
            assertThat(overlays.toString()).as("an overlay renders (so CI validates) %s", component)
                    .contains("../../components/" + component + "\n");
        }
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
