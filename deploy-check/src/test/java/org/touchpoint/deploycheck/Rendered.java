package org.touchpoint.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Every Kustomize overlay under {@code k8s/overlays/}, rendered once per test JVM with {@code kubectl kustomize}. */
final class Rendered {

    static final Path OVERLAYS = Tools.ROOT.resolve("k8s/overlays");

    private static final Map<String, List<K8sObject>> CACHE = new ConcurrentHashMap<>();

    private Rendered() {
    }

    /** The overlay names (directories holding a kustomization.yaml). */
    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<K8sObject> overlay(String name) {
        return CACHE.computeIfAbsent(name, Rendered::render);
    }

    private static List<K8sObject> render(String name) {
        Path kubectl = Tools.require("kubectl", "install kubectl >= 1.27 (it renders Kustomize: kubectl kustomize)");
        Tools.Result result = Tools.run(Tools.ROOT, Map.of(), Duration.ofMinutes(2),
                List.of(kubectl.toString(), "kustomize", OVERLAYS.resolve(name).toString()));
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl kustomize k8s/overlays/" + name + " failed: " + result.describe());
        }
        return parse(result.stdout());
    }

    /** Every YAML document of a multi-document string, as objects (empty documents skipped). */
    @SuppressWarnings("unchecked")
    static List<K8sObject> parse(String yaml) {
        List<K8sObject> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document instanceof Map<?, ?> map) {
                objects.add(new K8sObject((Map<String, Object>) map));
            }
        }
        return objects;
    }
}
