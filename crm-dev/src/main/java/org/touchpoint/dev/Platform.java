package org.touchpoint.dev;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The whole platform as child processes: a Kafka broker, mongo-java-server, every service, then the gateway.
 *
 * <pre>{@code
 * try (Platform platform = new Platform(PlatformConfig.builder().rootDir(root).stateDir(tmp).randomPorts().build())) {
 *     PlatformEndpoints endpoints = platform.start();   // blocks until everything is ready
 *     ... endpoints.gatewayUrl(), endpoints.apiKey() ...
 * }                                                     // stops everything, in reverse order
 * }</pre>
 *
 * A JVM shutdown hook stops the children if the caller never calls {@link #close()}.
 *
 * <p>Once started, single children can be stopped and started again on the same port with the same data, to
 * see how the rest copes: {@link #stopKafka()} / {@link #startKafka()}, {@link #stopService(String)} /
 * {@link #startService(String)}.
 */
public final class Platform implements AutoCloseable {

    static final String KAFKA = "kafka", MONGO = "mongo", MAIL = "mail", LAUNCHER = "launcher";
    static final String KIND_SERVICE = "service", KIND_GATEWAY = "gateway";
    /** Origins of front-end dev servers (Vite, Create React App, Angular) the development gateway allows (CORS). */
    static final String DEV_FRONTEND_ORIGINS = "http://localhost:5173,http://localhost:3000,http://localhost:4200";

    private final PlatformConfig config;
    private final Consumer<String> progress;
    private final RunDir runDir;
    private final HttpClient http = Probes.httpClient();

    /** Started children by tier (0 infrastructure, 1 services, 2 gateway); guarded by {@code this}. */
    private final List<List<ChildProcess>> tiers = new ArrayList<>();
    /** How each child was launched, so that it can be started again: name → launch. */
    private final Map<String, Launch> launches = new ConcurrentHashMap<>();
    /** Children stopped on purpose ({@link #stopKafka()}, {@link #stopService}): their exit is no news. */
    private final Set<ChildProcess> stoppedOnPurpose = ConcurrentHashMap.newKeySet();
    private boolean started;
    private volatile boolean closing;
    private Thread shutdownHook;
    private volatile PlatformEndpoints endpoints;

    public Platform(PlatformConfig config) {
        this.config = config;
        this.progress = config.progress();
        this.runDir = new RunDir(config.stateDir().resolve("run"));
    }

    public PlatformConfig config() {
        return config;
    }

    /** The endpoints once {@link #start()} has returned, else null. */
    public PlatformEndpoints endpoints() {
        return endpoints;
    }

    /** True once {@link #close()} has begun (e.g. from Ctrl-C while starting). */
    public boolean isClosing() {
        return closing;
    }

    /**
     * Starts everything and waits until it is ready: Kafka and MongoDB answer, every service and then the
     * gateway report {@code /actuator/health/readiness} 200, and a development API key works.
     *
     * @throws PlatformException with a message naming what failed (and the tail of its log); whatever had
     *                           started is stopped again
     */
    public PlatformEndpoints start() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("A Platform starts once; create a new one");
            }
            started = true;
            shutdownHook = new Thread(this::close, "crm-dev-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        Instant begin = Instant.now();
        try {
            PlatformEndpoints result = startAll(begin);
            endpoints = result;
            return result;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private PlatformEndpoints startAll(Instant begin) {
        Path state = config.stateDir();
        try {
            Files.createDirectories(state.resolve("logs"));
            Files.createDirectories(state.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stopLeftovers(state, config.stopTimeout(), progress);

        ResolvedPorts resolved = resolvePorts();
        checkJars();
        Secrets secrets = Secrets.loadOrCreate(state.resolve("secrets.env"));
        String classpath = childClasspath();
        String bootstrap = "localhost:" + resolved.kafka;
        String mongoUri = "mongodb://localhost:" + resolved.mongo;

        // Tier 0: infrastructure
        Path kafkaConfig = KafkaBroker.writeConfig(state, resolved.kafka, resolved.kafkaController);
        List<String> kafkaFlags = new ArrayList<>(config.jvmFlagsFor(KAFKA, PlatformConfig.KAFKA));
        kafkaFlags.addAll(List.of("-cp", classpath, "-Dlog4j2.configurationFile=crm-dev-log4j2.xml"));
        if (!KafkaBroker.isFormatted(state)) {
            formatKafkaStorage(kafkaFlags, kafkaConfig); // first start only
        }
        Path mongoFile = state.resolve("data").resolve("mongo.mv");
        if (Files.isRegularFile(mongoFile) && mongoFile.toFile().length() > MongoServerMain.COMPACT_CHECK_ABOVE_BYTES) {
            compactMongo(classpath, mongoFile);
        }
        Instant infraBegin = Instant.now();
        ChildProcess mongo = launch(MONGO, MONGO, 0, resolved.mongo, config.jvmFlagsFor(MONGO, PlatformConfig.MONGO),
                List.of("-cp", classpath, "-Dlog4j2.configurationFile=crm-dev-log4j2.xml",
                        MongoServerMain.class.getName(), Integer.toString(resolved.mongo), mongoFile.toString()), Map.of());
        ChildProcess kafka = launch(KAFKA, KAFKA, 0, resolved.kafka, kafkaFlags, KafkaBroker.serverArguments(kafkaConfig), Map.of());
        ChildProcess mail = launch(MAIL, MAIL, 0, resolved.mailSmtp, config.jvmFlagsFor(MAIL, PlatformConfig.MAIL),
                List.of("-cp", classpath, "-Dlog4j2.configurationFile=crm-dev-log4j2.xml", MailServerMain.class.getName(),
                        Integer.toString(resolved.mailSmtp), Integer.toString(resolved.mailImap)), Map.of());
        try (Probes.Kafka kafkaProbe = new Probes.Kafka(bootstrap)) {
            awaitReady(infraBegin, List.of(
                    new Waiting(kafka, kafkaProbe::answers, "Kafka on " + bootstrap),
                    new Waiting(mongo, () -> Probes.mongo(resolved.mongo), "MongoDB on " + mongoUri),
                    new Waiting(mail, () -> Probes.greets(resolved.mailSmtp, "220"), "the mail server (SMTP) on " + resolved.mailSmtp)));
        }

        // Tier 1: services, all at once
        Map<String, URI> serviceUrls = new LinkedHashMap<>();
        Map<String, String> common = new LinkedHashMap<>(config.environment());
        common.put("MONGODB_URI", mongoUri);
        common.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        common.put("MAIL_HOST", "localhost");
        common.put("MAIL_PORT", Integer.toString(resolved.mailSmtp));
        if (config.gateway() != null) {
            // Links in email and surveys (tracking, unsubscribe, satisfaction) point at the gateway clients can reach.
            common.put("CRM_PUBLIC_BASE_URL", "http://localhost:" + resolved.apps.get(config.gateway().name()));
        }
        common.put(Secrets.INTERNAL_TOKEN_SECRET, secrets.internalTokenSecret());
        Instant servicesBegin = Instant.now();
        List<Waiting> services = new ArrayList<>();
        for (ServiceSpec spec : config.services()) {
            int port = resolved.apps.get(spec.name());
            URI url = URI.create("http://localhost:" + port);
            serviceUrls.put(spec.name(), url);
            services.add(launchApp(spec, KIND_SERVICE, 1, port, url, common));
        }
        awaitReady(servicesBegin, services);

        // Tier 2: the gateway
        URI gatewayUrl = null;
        String apiKey = null;
        if (config.gateway() != null) {
            ServiceSpec spec = config.gateway();
            int port = resolved.apps.get(spec.name());
            gatewayUrl = URI.create("http://localhost:" + port);
            Map<String, String> env = new LinkedHashMap<>(common);
            env.put(Secrets.GATEWAY_ADMIN_KEY, secrets.gatewayAdminKey());
            // Development only: user tokens of ./crm token, and the usual local front-end origins for CORS.
            env.putAll(DevIssuer.loadOrCreate(state).gatewayEnvironment());
            env.putIfAbsent("CRM_GATEWAY_CORS_ALLOWED_ORIGINS", DEV_FRONTEND_ORIGINS);
            serviceUrls.forEach((name, url) -> env.put(new ServiceSpec(name, 0).uriVariable(), url.toString()));
            awaitReady(Instant.now(), List.of(launchApp(spec, KIND_GATEWAY, 2, port, gatewayUrl, env)));
            if (config.createDevApiKey()) {
                apiKey = DevApiKeys.ensure(http, gatewayUrl, secrets, config.keyCheckPath(), progress);
                EnvFile.write(state.resolve("dev.env"),
                        List.of("Written by ./crm up: source it to call the local gateway.",
                                "  source .crm/dev.env && curl -H \"X-API-Key: $CRM_API_KEY\" \"$CRM_GATEWAY_URL/api/accounts\""),
                        Map.of("CRM_GATEWAY_URL", gatewayUrl.toString(), "CRM_API_KEY", apiKey));
            }
        }
        Duration took = Duration.between(begin, Instant.now());
        return new PlatformEndpoints(gatewayUrl, apiKey, serviceUrls, bootstrap, mongoUri,
                secrets.internalTokenSecret(), secrets.gatewayAdminKey(), took, resolved.mailSmtp, resolved.mailImap);
    }

    private Waiting launchApp(ServiceSpec spec, String kind, int tier, int port, URI url, Map<String, String> env) {
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("SERVER_PORT", Integer.toString(port));
        ChildProcess child = launch(spec.name(), kind, tier, port, config.jvmFlagsFor(spec.name(), PlatformConfig.SERVICES),
                List.of("-jar", spec.jar(config.rootDir()).toString()), environment);
        URI readiness = url.resolve("/actuator/health/readiness");
        return new Waiting(child, () -> Probes.http(http, readiness), spec.name() + " on " + url);
    }

    private ChildProcess launch(String name, String kind, int tier, int port, List<String> jvmFlags,
                                List<String> arguments, Map<String, String> environment) {
        synchronized (this) {
            if (closing) {
                throw new PlatformException("Stopped while starting");
            }
            ChildProcess child = ChildProcess.start(name, kind, tier, port, config.javaExecutable(), jvmFlags,
                    arguments, environment, config.rootDir(), config.stateDir(), runDir);
            while (tiers.size() <= tier) {
                tiers.add(new ArrayList<>());
            }
            tiers.get(tier).add(child);
            if (name.equals(KAFKA) || tier > 0) { // what stopKafka/stopService can stop and start again
                launches.put(name, new Launch(name, kind, tier, port, List.copyOf(jvmFlags), List.copyOf(arguments),
                        Map.copyOf(environment)));
            }
            child.process().onExit().thenAccept(process -> {
                if (endpoints != null && !closing && !stoppedOnPurpose.contains(child)) {
                    progress.accept("!! " + name + " (pid " + process.pid() + ") exited unexpectedly with code "
                            + process.exitValue() + "; see " + child.log());
                }
            });
            return child;
        }
    }

    private void formatKafkaStorage(List<String> kafkaFlags, Path kafkaConfig) {
        Instant begin = Instant.now();
        ChildProcess format = launch("kafka-format", "kafka-format", 0, 0, kafkaFlags, KafkaBroker.formatArguments(kafkaConfig), Map.of());
        try {
            if (!format.process().waitFor(config.startTimeout().toSeconds(), TimeUnit.SECONDS)) {
                format.stop(Duration.ofSeconds(5));
                throw new PlatformException("Formatting the Kafka storage timed out; see " + format.log());
            }
            if (format.process().exitValue() != 0) {
                throw new PlatformException("Formatting the Kafka storage failed (exit code " + format.process().exitValue()
                        + "). Last lines of " + format.log() + ":\n" + format.logTail(20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            format.stop(Duration.ofSeconds(5));
            throw new PlatformException("Interrupted while formatting the Kafka storage");
        } finally {
            synchronized (this) {
                tiers.getFirst().remove(format);
            }
            runDir.delete("kafka-format");
        }
        progress.accept("   Kafka storage formatted in " + seconds(Duration.between(begin, Instant.now()))
                + " (" + KafkaBroker.dataDir(config.stateDir()) + ")");
    }

    /**
     * Runs {@code MongoServerMain --compact} and waits for it: a file that is mostly dead pages is copied to a
     * compact one (about 25 MB of live data a second on 2 cores), which can take minutes on a large store and so is
     * not counted in the start timeout (the limit here is an hour).
     */
    private void compactMongo(String classpath, Path mongoFile) {
        Instant begin = Instant.now();
        progress.accept(String.format(Locale.ROOT, "   Checking the embedded MongoDB data (%.1f GB) for dead pages...",
                mongoFile.toFile().length() / (1024.0 * 1024 * 1024)));
        List<String> flags = new ArrayList<>(config.jvmFlagsFor(MONGO, PlatformConfig.MONGO));
        ChildProcess compact = launch("mongo-compact", "mongo-compact", 0, 0, flags, List.of("-cp", classpath,
                "-Dlog4j2.configurationFile=crm-dev-log4j2.xml", MongoServerMain.class.getName(), "--compact",
                mongoFile.toString()), Map.of());
        try {
            if (!compact.process().waitFor(1, TimeUnit.HOURS)) {
                compact.stop(config.stopTimeout());
                throw new PlatformException("Compacting the MongoDB data took over an hour; see " + compact.log());
            }
            if (compact.process().exitValue() != 0) {
                throw new PlatformException("Compacting the MongoDB data failed (exit code " + compact.process().exitValue()
                        + "). Last lines of " + compact.log() + ":\n" + compact.logTail(20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            compact.stop(config.stopTimeout());
            throw new PlatformException("Interrupted while compacting the MongoDB data");
        } finally {
            synchronized (this) {
                tiers.getFirst().remove(compact);
            }
            runDir.delete("mongo-compact");
        }
        progress.accept("   " + compact.logTail(1).strip() + " (" + seconds(Duration.between(begin, Instant.now())) + ")");
    }

    private record Waiting(ChildProcess child, BooleanSupplier probe, String description) {
    }

    /** Polls every pending probe until all answer; fails fast when a process exits or the deadline passes. */
    private void awaitReady(Instant begin, List<Waiting> waiting) {
        List<Waiting> pending = new ArrayList<>(waiting);
        Instant deadline = begin.plus(config.startTimeout());
        while (!pending.isEmpty()) {
            for (Iterator<Waiting> it = pending.iterator(); it.hasNext(); ) {
                Waiting wait = it.next();
                if (closing) {
                    throw new PlatformException("Stopped while starting");
                }
                ChildProcess child = wait.child();
                if (!child.isAlive()) {
                    throw new PlatformException(child.name() + " exited with code " + child.process().exitValue()
                            + " before it was ready. Last lines of " + child.log() + ":\n" + child.logTail(30));
                }
                if (wait.probe().getAsBoolean()) {
                    it.remove();
                    progress.accept("   " + wait.description() + " ready in " + seconds(Duration.between(child.launched(), Instant.now()))
                            + " (pid " + child.pid() + ")");
                }
            }
            if (!pending.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    ChildProcess first = pending.getFirst().child();
                    throw new PlatformException(pending.stream().map(w -> w.child().name()).toList()
                            + " not ready after " + config.startTimeout().toSeconds() + " s. Last lines of "
                            + first.log() + ":\n" + first.logTail(30));
                }
                pause(Duration.ofMillis(250));
            }
        }
    }

    private record ResolvedPorts(int kafka, int kafkaController, int mongo, int mailSmtp, int mailImap, Map<String, Integer> apps) {
    }

    /** Replaces 0 by free ports and checks every port is free, naming whoever holds one that is not. */
    private ResolvedPorts resolvePorts() {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        wanted.put(KAFKA, config.kafkaPort());
        wanted.put("kafka controller", config.kafkaControllerPort());
        wanted.put(MONGO, config.mongoPort());
        wanted.put("mail smtp", config.mailSmtpPort());
        wanted.put("mail imap", config.mailImapPort());
        config.applications().forEach(spec -> wanted.put(spec.name(), spec.port()));

        Map<Integer, String> fixed = new LinkedHashMap<>();
        wanted.forEach((name, port) -> {
            if (port != 0) {
                String other = fixed.putIfAbsent(port, name);
                if (other != null) {
                    throw new PlatformException("Port " + port + " is configured for both " + other + " and " + name);
                }
                if (!Ports.isFree(port)) {
                    String holder = Ports.describeListener(port).map(h -> " by " + h).orElse("");
                    throw new PlatformException("Port " + port + " (" + name + ") is already in use" + holder
                            + ". Stop that process, or set another port (" + propertyFor(name) + "=...) in "
                            + config.stateDir().resolve("platform.properties") + ".");
                }
            }
        });
        long randoms = wanted.values().stream().filter(port -> port == 0).count();
        Iterator<Integer> free = Ports.free((int) randoms).iterator();
        Map<String, Integer> ports = new LinkedHashMap<>();
        wanted.forEach((name, port) -> ports.put(name, port == 0 ? free.next() : port));
        Map<String, Integer> apps = new LinkedHashMap<>();
        config.applications().forEach(spec -> apps.put(spec.name(), ports.get(spec.name())));
        return new ResolvedPorts(ports.get(KAFKA), ports.get("kafka controller"), ports.get(MONGO),
                ports.get("mail smtp"), ports.get("mail imap"), apps);
    }

    private String propertyFor(String name) {
        return switch (name) {
            case KAFKA -> "kafka.port";
            case "kafka controller" -> "kafka.controller.port";
            case MONGO -> "mongo.port";
            case "mail smtp" -> "mail.smtp.port";
            case "mail imap" -> "mail.imap.port";
            default -> config.gateway() != null && config.gateway().name().equals(name) ? "gateway" : "service." + name;
        };
    }

    private void checkJars() {
        List<String> missing = config.applications().stream()
                .filter(spec -> !Files.isRegularFile(spec.jar(config.rootDir())))
                .map(ServiceSpec::name)
                .toList();
        if (!missing.isEmpty()) {
            throw new PlatformException("Missing jar(s): " + missing.stream()
                    .map(name -> config.rootDir().relativize(new ServiceSpec(name, 0).jar(config.rootDir())).toString()).toList()
                    + ". Build them with: ./mvnw -q -DskipTests package -pl " + String.join(",", missing) + " -am");
        }
    }

    /** The repository's crm-dev/target/lib/* and crm-dev.jar when built, else this JVM's own class path. */
    private String childClasspath() {
        if (config.childClasspath() != null) {
            return config.childClasspath();
        }
        Path target = config.rootDir().resolve("crm-dev").resolve("target");
        Path lib = target.resolve("lib");
        Path jar = target.resolve("crm-dev.jar");
        if (Files.isDirectory(lib) && Files.isRegularFile(jar)) {
            return lib.resolve("*") + File.pathSeparator + jar;
        }
        if (Platform.class.getClassLoader().getResource("kafka/Kafka.class") == null) {
            throw new PlatformException(lib + " is missing and this JVM's class path has no Kafka broker: build crm-dev"
                    + " first (./mvnw -q -DskipTests package -pl crm-dev), or pass PlatformConfig.Builder.childClasspath(...)");
        }
        return currentClasspath();
    }

    /** This JVM's class path with absolute entries (children run in another working directory). */
    static String currentClasspath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.equals("*") || entry.endsWith(File.separator + "*")) {
                Path dir = Path.of(entry.substring(0, entry.length() - 1).isEmpty() ? "." : entry.substring(0, entry.length() - 1));
                entries.add(dir.toAbsolutePath().normalize().resolve("*").toString());
            } else {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Leaves the children running (for {@code ./crm up --detach}) and forgets them: {@link #close()} and the
     * shutdown hook no longer stop them; {@code ./crm down} (or {@link #stopRecorded}) does, through the PID files.
     */
    public synchronized void detach() {
        closing = true;
        tiers.clear();
        removeShutdownHook();
    }

    /** Everything {@link #launch} was given for one child. */
    private record Launch(String name, String kind, int tier, int port, List<String> jvmFlags, List<String> arguments,
                          Map<String, String> environment) {
    }

    /**
     * Stops the Kafka broker (SIGTERM, then SIGKILL after the stop timeout), leaving everything else running.
     * The services see a broker that is down; {@link #startKafka()} brings it back on the same port with the
     * same data.
     *
     * @throws IllegalStateException when the platform is not started, or Kafka is not running
     */
    public void stopKafka() {
        stopChild(KAFKA);
    }

    /**
     * Starts the Kafka broker again after {@link #stopKafka()}: same ports, same configuration, same data
     * directory (the topics and their records are still there). Returns once the broker answers.
     *
     * @throws IllegalStateException when the platform is not started, or Kafka is already running
     * @throws PlatformException     when the broker exits or does not answer within the start timeout
     */
    public void startKafka() {
        startChild(KAFKA);
    }

    /**
     * Stops one Spring Boot app of the platform (a service, or {@code "gateway"}) and leaves the rest running.
     *
     * @throws IllegalArgumentException when the platform has no such app
     * @throws IllegalStateException    when the platform is not started, or the app is not running
     */
    public void stopService(String name) {
        requireApplication(name);
        stopChild(name);
    }

    /**
     * Starts one Spring Boot app again after {@link #stopService(String)}, on the same port with the same
     * environment. Returns once its {@code /actuator/health/readiness} answers 200.
     *
     * @throws PlatformException when it exits or is not ready within the start timeout
     */
    public void startService(String name) {
        requireApplication(name);
        startChild(name);
    }

    /** True while the named child process ({@code kafka}, {@code mongo}, a service, {@code gateway}) is running. */
    public synchronized boolean isRunning(String name) {
        return running(name).isPresent();
    }

    private void requireApplication(String name) {
        if (config.applications().stream().noneMatch(spec -> spec.name().equals(name))) {
            throw new IllegalArgumentException("No service " + name + " in this platform: "
                    + config.applications().stream().map(ServiceSpec::name).toList());
        }
    }

    private Optional<ChildProcess> running(String name) {
        return tiers.stream().flatMap(List::stream)
                .filter(child -> child.name().equals(name) && child.isAlive())
                .findFirst();
    }

    private void stopChild(String name) {
        ChildProcess child;
        synchronized (this) {
            requireStarted();
            child = running(name).orElseThrow(() -> new IllegalStateException(name + " is not running"));
            stoppedOnPurpose.add(child);
        }
        Instant begin = Instant.now();
        boolean stopped = child.stop(config.stopTimeout());
        synchronized (this) {
            tiers.forEach(tier -> tier.remove(child));
        }
        if (!stopped) {
            throw new PlatformException(name + " (pid " + child.pid() + ") did not stop");
        }
        runDir.delete(name);
        progress.accept("   " + name + " stopped in " + seconds(Duration.between(begin, Instant.now())) + " (pid " + child.pid() + ")");
    }

    private void startChild(String name) {
        Launch launch = launches.get(name);
        synchronized (this) {
            requireStarted();
            if (launch == null) {
                throw new IllegalArgumentException("No child process " + name + " in this platform");
            }
            if (running(name).isPresent()) {
                throw new IllegalStateException(name + " is already running");
            }
        }
        Instant begin = Instant.now();
        ChildProcess child = launch(launch.name(), launch.kind(), launch.tier(), launch.port(), launch.jvmFlags(),
                launch.arguments(), launch.environment());
        try {
            if (name.equals(KAFKA)) {
                String bootstrap = "localhost:" + launch.port();
                try (Probes.Kafka probe = new Probes.Kafka(bootstrap)) {
                    awaitReady(begin, List.of(new Waiting(child, probe::answers, "Kafka on " + bootstrap)));
                }
            } else {
                URI url = URI.create("http://localhost:" + launch.port());
                URI readiness = url.resolve("/actuator/health/readiness");
                awaitReady(begin, List.of(new Waiting(child, () -> Probes.http(http, readiness), name + " on " + url)));
            }
        } catch (RuntimeException e) {
            stoppedOnPurpose.add(child);
            child.stop(config.stopTimeout());
            synchronized (this) {
                tiers.forEach(tier -> tier.remove(child));
            }
            runDir.delete(name);
            throw e;
        }
    }

    private void requireStarted() {
        if (endpoints == null || closing) {
            throw new IllegalStateException("The platform is not running (start() it first; it must not be closed)");
        }
    }

    /** Stops every child in reverse start order (SIGTERM, then SIGKILL after the stop timeout). Idempotent. */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        removeShutdownHook();
        if (tiers.stream().allMatch(List::isEmpty)) {
            return;
        }
        Instant begin = Instant.now();
        progress.accept("Stopping Touchpoint...");
        for (int tier = tiers.size() - 1; tier >= 0; tier--) {
            stopTogether(tiers.get(tier));
        }
        tiers.clear();
        progress.accept("Stopped in " + seconds(Duration.between(begin, Instant.now())) + ".");
    }

    private void stopTogether(List<ChildProcess> children) {
        List<Thread> stoppers = new ArrayList<>();
        for (ChildProcess child : children) {
            stoppers.add(Thread.ofVirtual().start(() -> {
                boolean wasAlive = child.isAlive();
                boolean stopped = child.stop(config.stopTimeout());
                if (stopped) {
                    runDir.delete(child.name());
                }
                if (wasAlive) {
                    progress.accept("   " + child.name() + (stopped ? " stopped" : " did NOT stop") + " (pid " + child.pid() + ")");
                }
            }));
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down
            }
        }
    }

    /**
     * Stops the processes recorded under {@code <state>/run} (a detached platform, or leftovers of a crashed
     * launcher) in reverse start order, after checking each PID still belongs to us. Stale PID files are removed.
     *
     * @return how many processes were stopped
     */
    public static int stopRecorded(Path stateDir, Duration grace, Consumer<String> progress) {
        RunDir runDir = new RunDir(stateDir.resolve("run"));
        List<RunDir.PidRecord> records = new ArrayList<>(runDir.records().stream()
                .filter(record -> !record.kind().equals(LAUNCHER)).toList());
        Map<Integer, List<RunDir.PidRecord>> byTier = new LinkedHashMap<>();
        records.reversed().forEach(record -> byTier.computeIfAbsent(record.tier(), t -> new ArrayList<>()).add(record));
        int stopped = 0;
        for (List<RunDir.PidRecord> tier : byTier.values()) {
            List<Thread> stoppers = new ArrayList<>();
            int[] count = new int[1];
            for (RunDir.PidRecord record : tier) {
                Optional<ProcessHandle> handle = record.liveHandle();
                if (handle.isEmpty()) {
                    runDir.delete(record.name());
                    continue;
                }
                stoppers.add(Thread.ofVirtual().start(() -> {
                    boolean ok = RunDir.terminate(handle.get(), grace);
                    progress.accept("   " + record.name() + (ok ? " stopped" : " did NOT stop") + " (pid " + record.pid() + ")");
                    if (ok) {
                        runDir.delete(record.name());
                        synchronized (count) {
                            count[0]++;
                        }
                    }
                }));
            }
            for (Thread stopper : stoppers) {
                try {
                    stopper.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            stopped += count[0];
        }
        return stopped;
    }

    private static void stopLeftovers(Path stateDir, Duration grace, Consumer<String> progress) {
        RunDir runDir = new RunDir(stateDir.resolve("run"));
        boolean anyAlive = runDir.records().stream()
                .filter(record -> !record.kind().equals(LAUNCHER))
                .anyMatch(record -> record.liveHandle().isPresent());
        if (anyAlive) {
            progress.accept("Leftovers of a previous run found in " + runDir.dir() + ": stopping them.");
        }
        stopRecorded(stateDir, grace, progress);
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /**
     * Between two readiness probes of a child process: another process offers no event to wait on, so the
     * launcher polls (a quarter second apart, bounded by the start timeout).
     */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("Interrupted while starting");
        }
    }
}
