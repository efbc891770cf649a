package org.touchpoint.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.touchpoint.dev.Platform;
import org.touchpoint.dev.PlatformConfig;
import org.touchpoint.dev.PlatformEndpoints;

/**
 * One platform per test JVM: started by the first test class that needs it, shared by all, stopped when JUnit
 * closes its root store at the end of the run (and by the {@link Platform}'s own JVM shutdown hook if the JVM
 * ends another way). Every process runs on a random port; state (data, logs, PIDs, and copies of the jars it
 * runs) lives in a fresh {@code target/platform-*} directory, kept after the run for its logs and removed by the
 * next run.
 *
 * <p>Test classes declare {@code @ExtendWith(RunningPlatform.class)} and take {@link Platform},
 * {@link PlatformEndpoints} or {@link Gateway} as constructor or method parameters.
 */
public final class RunningPlatform implements BeforeAllCallback, ParameterResolver {

    /**
     * The services to start (the gateway is always started): every service the platform definition lists, unless
     * {@code -De2e.services=a,b} names a subset,
     * e.g. an empty value to check the gateway alone while a service does not build.
     */
    static final List<String> SERVICES = System.getProperty("e2e.services") == null
            ? PlatformConfig.builder().build().services().stream().map(org.touchpoint.dev.ServiceSpec::name).toList()
            : java.util.Arrays.stream(System.getProperty("e2e.services").split(","))
                    .map(String::strip).filter(name -> !name.isEmpty()).toList();

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningPlatform.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        started(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Platform.class || type == PlatformEndpoints.class || type == Gateway.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Started started = started(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == Platform.class) {
            return started.platform();
        }
        if (type == PlatformEndpoints.class) {
            return started.endpoints();
        }
        return new Gateway(started.endpoints());
    }

    private static Started started(ExtensionContext context) {
        // The root store outlives every test class; JUnit closes its AutoCloseable values at the very end.
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Started.class, key -> Started.start(), Started.class)
                .orFail();
    }

    /** The platform, or why it did not start (remembered, so later classes fail at once instead of retrying). */
    static final class Started implements AutoCloseable {

        private final Platform platform;
        private final PlatformEndpoints endpoints;
        private final RuntimeException failure;

        private Started(Platform platform, PlatformEndpoints endpoints, RuntimeException failure) {
            this.platform = platform;
            this.endpoints = endpoints;
            this.failure = failure;
        }

        static Started start() {
            Path target = Path.of("target").toAbsolutePath();
            Path repository = PlatformConfig.repositoryRoot(Path.of(""));
            Path state;
            Path jars;
            try {
                Files.createDirectories(target);
                cleanUpAfterDeadRuns(target);
                state = Files.createTempDirectory(target, STATE_PREFIX);
                Files.writeString(state.resolve(OWNER_FILE), owner(ProcessHandle.current()));
                jars = snapshotJars(repository, state.resolve("jars"));
            } catch (IOException | IllegalStateException e) {
                return new Started(null, null, e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e));
            }
            PlatformConfig config = PlatformConfig.builder()
                    .rootDir(jars)
                    .childClasspath(repository.resolve("crm-dev/target/lib").resolve("*") + File.pathSeparator
                            + jars.resolve(moduleJar("crm-dev")))
                    .stateDir(state)
                    .randomPorts()
                    .services(SERVICES.toArray(String[]::new))
                    .progress(line -> System.out.println("[platform] " + line))
                    .build();
            System.out.println("[platform] Starting Touchpoint, state in " + state);
            Platform platform = new Platform(config);
            try {
                PlatformEndpoints endpoints = platform.start();
                System.out.println("[platform] Ready in " + seconds(endpoints.startupTime()) + ": gateway " + endpoints.gatewayUrl()
                        + ", Kafka " + endpoints.kafkaBootstrapServers() + ", MongoDB " + endpoints.mongoUri());
                return new Started(platform, endpoints, null);
            } catch (RuntimeException e) {
                platform.close();
                return new Started(null, null, e);
            }
        }

        Started orFail() {
            if (failure != null) {
                throw new IllegalStateException("The platform did not start: " + failure.getMessage(), failure);
            }
            return this;
        }

        Platform platform() {
            return platform;
        }

        PlatformEndpoints endpoints() {
            return endpoints;
        }

        /** Stops every process, then checks that none of the processes this JVM started is still alive. */
        @Override
        public void close() {
            if (platform == null) {
                return;
            }
            Instant begin = Instant.now();
            platform.close();
            List<ProcessHandle> alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
            System.out.println("[platform] Closed in " + seconds(Duration.between(begin, Instant.now()))
                    + "; child processes of the test JVM still alive: " + alive.size()
                    + (alive.isEmpty() ? "" : " " + alive.stream().map(p -> p.pid() + " " + p.info().command().orElse("?")).toList()));
            if (!alive.isEmpty()) {
                throw new IllegalStateException("Processes left behind after the platform stopped: "
                        + alive.stream().map(ProcessHandle::pid).toList());
            }
        }
    }

    private static final String STATE_PREFIX = "platform-";
    private static final String OWNER_FILE = "owner";

    /** "pid start-instant" of the JVM that owns a state directory. */
    private static String owner(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(Instant::toString).orElse("?");
    }

    /**
     * A test JVM killed hard (SIGKILL, a crash) cannot stop its platform: the children run in sessions of their
     * own and outlive it. The next run stops them through the PID files of every state directory whose owner
     * JVM is gone, and removes those directories; directories of a run still going on are left alone.
     */
    private static void cleanUpAfterDeadRuns(Path target) throws IOException {
        List<Path> states;
        try (var dirs = Files.list(target)) {
            states = dirs.filter(dir -> dir.getFileName().toString().startsWith(STATE_PREFIX) && Files.isDirectory(dir)).toList();
        }
        for (Path state : states) {
            Path ownerFile = state.resolve(OWNER_FILE);
            String recorded = Files.isRegularFile(ownerFile) ? Files.readString(ownerFile).strip() : "";
            boolean ownerAlive = !recorded.isEmpty() && ProcessHandle.of(Long.parseLong(recorded.split(" ")[0]))
                    .filter(ProcessHandle::isAlive)
                    .map(RunningPlatform::owner)
                    .filter(recorded::equals)
                    .isPresent();
            if (ownerAlive) {
                continue;
            }
            int stopped = Platform.stopRecorded(state, Duration.ofSeconds(20), line -> System.out.println("[platform] " + line));
            if (stopped > 0) {
                System.out.println("[platform] Stopped " + stopped + " process(es) left behind by a dead run in " + state);
            }
            deleteRecursively(state);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Path moduleJar(String module) {
        return Path.of(module, "target", module + ".jar");
    }

    /**
     * Copies the jars the platform runs ({@code <module>/target/<module>.jar} of every service, the gateway and
     * crm-dev) into the state directory, laid out like the repository, and runs the copies: a module rebuilt
     * while the tests run (another terminal, an IDE) replaces its jar, and a JVM running from a replaced fat
     * jar fails at its next class load.
     */
    private static Path snapshotJars(Path repository, Path snapshot) throws IOException {
        List<String> modules = new java.util.ArrayList<>(SERVICES);
        modules.add("gateway");
        modules.add("crm-dev");
        List<String> missing = modules.stream().filter(m -> !Files.isRegularFile(repository.resolve(moduleJar(m)))).toList();
        if (!missing.isEmpty() || !Files.isDirectory(repository.resolve("crm-dev/target/lib"))) {
            throw new IllegalStateException("Build the platform first, missing: " + missing.stream().map(RunningPlatform::moduleJar).toList()
                    + (Files.isDirectory(repository.resolve("crm-dev/target/lib")) ? "" : " and crm-dev/target/lib")
                    + ". Run ./mvnw -B verify (the whole reactor), or ./mvnw -B -DskipTests package -pl "
                    + String.join(",", modules) + " -am before ./mvnw -B -pl e2e verify");
        }
        for (String module : modules) {
            Path source = repository.resolve(moduleJar(module));
            Path copy = snapshot.resolve(moduleJar(module));
            Files.createDirectories(copy.getParent());
            Files.copy(source, copy);
            System.out.println("[platform] " + moduleJar(module) + " built " + Files.getLastModifiedTime(source));
        }
        return snapshot;
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
