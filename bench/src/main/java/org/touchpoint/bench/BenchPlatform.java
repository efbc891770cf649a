package org.touchpoint.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.touchpoint.dev.Platform;
import org.touchpoint.dev.PlatformConfig;
import org.touchpoint.dev.PlatformEndpoints;

/**
 * The platform under measurement: crm-dev's {@link Platform} on random ports in a fresh
 * {@code bench/target/platform-<time>} directory (logs kept there), running copies of the jars so that a rebuild
 * during the run cannot pull a jar from under a running JVM. Closing it stops every process and deletes the jar
 * copies.
 */
final class BenchPlatform implements AutoCloseable {

    /**
     * JVM flags of every child: those of the platform definition minus {@code -XX:TieredStopAtLevel=1} (a quick
     * start for development; production runs the full JIT, deploy/Dockerfile). {@code -Dbench.jvmFlags} replaces them.
     */
    static final String DEFAULT_JVM_FLAGS = "-XX:+UseSerialGC -Xss512k -XX:+ExitOnOutOfMemoryError "
            + "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED";

    private final Platform platform;
    private final PlatformEndpoints endpoints;
    private final Path state;

    private BenchPlatform(Platform platform, PlatformEndpoints endpoints, Path state) {
        this.platform = platform;
        this.endpoints = endpoints;
        this.state = state;
    }

    /**
     * Starts the services (and the gateway when {@code withGateway}) and waits until they are ready.
     *
     * @param environment extra environment of every Spring Boot app (e.g. a gateway rate-limit tier)
     */
    static BenchPlatform start(Path repository, List<String> services, boolean withGateway, Map<String, String> environment) {
        Path target = repository.resolve("bench").resolve("target");
        Path state;
        Path jars;
        try {
            Files.createDirectories(target);
            state = target.resolve("platform-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Files.createDirectories(state);
            List<String> modules = new ArrayList<>(services);
            if (withGateway) {
                modules.add("gateway");
            }
            modules.add("crm-dev");
            jars = snapshotJars(repository, modules, state.resolve("jars"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PlatformConfig.Builder config = PlatformConfig.builder()
                .rootDir(jars)
                .childClasspath(repository.resolve("crm-dev/target/lib").resolve("*") + File.pathSeparator
                        + jars.resolve("crm-dev/target/crm-dev.jar"))
                .stateDir(state)
                .randomPorts()
                .services(services.toArray(String[]::new))
                .jvmFlags("", System.getProperty("bench.jvmFlags", DEFAULT_JVM_FLAGS))
                .progress(line -> System.out.println("[platform] " + line));
        environment.forEach(config::env);
        if (!withGateway) {
            config.withoutGateway();
        }
        System.out.println("[platform] starting " + services + (withGateway ? " + gateway" : "") + ", state in " + state);
        Platform platform = new Platform(config.build());
        try {
            PlatformEndpoints endpoints = platform.start();
            System.out.println("[platform] ready in " + endpoints.startupTime().toMillis() / 1000.0 + " s");
            return new BenchPlatform(platform, endpoints, state);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    PlatformEndpoints endpoints() {
        return endpoints;
    }

    Path state() {
        return state;
    }

    @Override
    public void close() {
        platform.close();
        List<ProcessHandle> alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        if (!alive.isEmpty()) {
            System.out.println("[platform] WARNING: child processes still alive: " + alive.stream().map(ProcessHandle::pid).toList());
        }
        try (var paths = Files.walk(state.resolve("jars"))) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.out.println("[platform] could not delete the jar copies: " + e);
        }
        System.out.println("[platform] logs kept in " + state.resolve("logs"));
    }

    private static Path snapshotJars(Path repository, List<String> modules, Path snapshot) throws IOException {
        List<String> missing = modules.stream()
                .filter(m -> !Files.isRegularFile(repository.resolve(m).resolve("target").resolve(m + ".jar")))
                .toList();
        if (!missing.isEmpty() || !Files.isDirectory(repository.resolve("crm-dev/target/lib"))) {
            throw new IllegalStateException("Build the platform first (missing jars of " + missing + " or crm-dev/target/lib): "
                    + "./mvnw -B -q -pl bench -am package -DskipTests");
        }
        for (String module : modules) {
            Path source = repository.resolve(module).resolve("target").resolve(module + ".jar");
            Path copy = snapshot.resolve(module).resolve("target").resolve(module + ".jar");
            Files.createDirectories(copy.getParent());
            Files.copy(source, copy);
        }
        return snapshot;
    }
}
