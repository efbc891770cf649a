package org.touchpoint.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * What to start and where. Built from the bundled {@value #RESOURCE} (the one list of services),
 * optionally overlaid with a local properties file, and adjusted in code:
 *
 * <pre>{@code
 * PlatformConfig config = PlatformConfig.builder()
 *         .rootDir(repoRoot)            // where <module>/target/<module>.jar live
 *         .stateDir(tempDir)            // logs, pids, secrets, Kafka and Mongo data (default <root>/.crm)
 *         .randomPorts()                // every port 0: free ports are picked at start
 *         .services("customer-service") // a subset of the configured services (default: all)
 *         .build();
 * }</pre>
 */
public record PlatformConfig(
        Path rootDir,
        Path stateDir,
        int kafkaPort,
        int kafkaControllerPort,
        int mongoPort,
        int mailSmtpPort,
        int mailImapPort,
        double mongoStoreMaxGb,
        double mongoStoreMinFreeGb,
        List<ServiceSpec> services,
        ServiceSpec gateway,
        Map<String, String> jvmFlags,
        String childClasspath,
        Path javaExecutable,
        Duration startTimeout,
        Duration stopTimeout,
        String keyCheckPath,
        boolean createDevApiKey,
        Map<String, String> environment,
        Consumer<String> progress) {

    /** Class-path resource holding the platform definition (crm-dev/src/main/resources). */
    public static final String RESOURCE = "touchpoint-platform.properties";

    /** Group names for {@link #jvmFlags()} besides module names. */
    public static final String KAFKA = "kafka", MONGO = "mongo", MAIL = "mail", SERVICES = "services";

    public PlatformConfig {
        Objects.requireNonNull(rootDir, "rootDir");
        Objects.requireNonNull(stateDir, "stateDir");
        services = List.copyOf(services);
        jvmFlags = Map.copyOf(jvmFlags);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        Objects.requireNonNull(progress, "progress");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Spring Boot apps in start order: the services, then the gateway. */
    public List<ServiceSpec> applications() {
        List<ServiceSpec> all = new ArrayList<>(services);
        if (gateway != null) {
            all.add(gateway);
        }
        return all;
    }

    /** JVM flags for one child process: common flags, then its group's, then its own. */
    public List<String> jvmFlagsFor(String processName, String group) {
        List<String> flags = new ArrayList<>();
        for (String key : new LinkedHashSet<>(List.of("", group, processName))) {
            String value = jvmFlags.get(key);
            if (value != null && !value.isBlank()) {
                flags.addAll(Arrays.asList(value.trim().split("\\s+")));
            }
        }
        return flags;
    }

    /** Builds a configuration; every setter is optional. */
    public static final class Builder {

        private Path rootDir = repositoryRoot(Path.of("").toAbsolutePath());
        private Path stateDir;
        private int kafkaPort;
        private int kafkaControllerPort;
        private int mongoPort;
        private int mailSmtpPort;
        private int mailImapPort;
        private double mongoStoreMaxGb = Double.MAX_VALUE;
        private double mongoStoreMinFreeGb;
        private final Map<String, ServiceSpec> services = new LinkedHashMap<>();
        private ServiceSpec gateway;
        private final Map<String, String> jvmFlags = new LinkedHashMap<>();
        private String childClasspath;
        private Path javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java");
        private Duration startTimeout = Duration.ofSeconds(180);
        private Duration stopTimeout = Duration.ofSeconds(20);
        private String keyCheckPath = "/api/accounts?limit=1";
        private boolean createDevApiKey = true;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Consumer<String> progress = line -> System.out.println(line);

        private Builder() {
            try (InputStream in = PlatformConfig.class.getResourceAsStream("/" + RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the class path");
                }
                apply(OrderedProperties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Overlays a properties file in the format of {@value #RESOURCE}; a missing file changes nothing. */
        public Builder overrides(Path propertiesFile) {
            if (Files.isRegularFile(propertiesFile)) {
                try (Reader reader = Files.newBufferedReader(propertiesFile)) {
                    apply(OrderedProperties.load(reader));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return this;
        }

        /** Overlays properties in the format of {@value #RESOURCE}. */
        public Builder overrides(Map<String, String> properties) {
            apply(properties);
            return this;
        }

        private void apply(Map<String, String> properties) {
            properties.forEach((key, rawValue) -> {
                String value = rawValue.trim();
                switch (key) {
                    case "kafka.port" -> kafkaPort = port(key, value);
                    case "kafka.controller.port" -> kafkaControllerPort = port(key, value);
                    case "mongo.port" -> mongoPort = port(key, value);
                    case "mail.smtp.port" -> mailSmtpPort = port(key, value);
                    case "mail.imap.port" -> mailImapPort = port(key, value);
                    case "mongo.store.max-gb" -> mongoStoreMaxGb = gigabytes(key, value);
                    case "mongo.store.min-free-gb" -> mongoStoreMinFreeGb = gigabytes(key, value);
                    case "gateway" -> gateway = isOff(value) ? null : new ServiceSpec("gateway", port(key, value));
                    case "gateway.key-check-path" -> keyCheckPath = value;
                    case "start.timeout" -> startTimeout = Duration.ofSeconds(Long.parseLong(value));
                    case "stop.timeout" -> stopTimeout = Duration.ofSeconds(Long.parseLong(value));
                    case "jvm.flags" -> jvmFlags.put("", value);
                    default -> {
                        if (key.startsWith("service.")) {
                            String name = key.substring("service.".length());
                            if (isOff(value)) {
                                services.remove(name);
                            } else {
                                services.put(name, new ServiceSpec(name, port(key, value)));
                            }
                        } else if (key.startsWith("jvm.flags.")) {
                            jvmFlags.put(key.substring("jvm.flags.".length()), value);
                        } else {
                            throw new IllegalArgumentException("Unknown platform property: " + key);
                        }
                    }
                }
            });
        }

        private static boolean isOff(String value) {
            return value.isEmpty() || value.equalsIgnoreCase("off") || value.equalsIgnoreCase("false");
        }

        static double gigabytes(String key, String value) {
            try {
                double gb = Double.parseDouble(value);
                if (gb >= 0) {
                    return gb;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(key + " must be a number of GB (e.g. 1.5), not '" + value + "'");
        }

        static int port(String key, String value) {
            if (value.equalsIgnoreCase("random")) {
                return 0;
            }
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(key + " must be a port number, 0 or random, not '" + value + "'");
        }

        /**
         * The repository root: where {@code <module>/target/<module>.jar} live. Default: the nearest directory at
         * or above the working directory that holds {@code pom.xml} and {@code crm-dev/} (so a test running in
         * {@code e2e/} finds the repository), else the working directory.
         */
        public Builder rootDir(Path rootDir) {
            this.rootDir = rootDir.toAbsolutePath().normalize();
            return this;
        }

        /** Logs, PIDs, secrets and data. Default: {@code <root>/.crm}. */
        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir.toAbsolutePath().normalize();
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        public Builder mongoPort(int port) {
            this.mongoPort = port;
            return this;
        }

        /** Sets the port of a configured service, or of the gateway (name "gateway"). */
        public Builder port(String name, int port) {
            if (gateway != null && gateway.name().equals(name)) {
                gateway = gateway.withPort(port);
            } else if (services.containsKey(name)) {
                services.put(name, services.get(name).withPort(port));
            } else {
                throw new IllegalArgumentException("No such service: " + name + " (configured: " + services.keySet() + ")");
            }
            return this;
        }

        /** Every port 0: free ports are picked at start, so several platforms can run side by side. */
        public Builder randomPorts() {
            kafkaPort = 0;
            kafkaControllerPort = 0;
            mongoPort = 0;
            mailSmtpPort = 0;
            mailImapPort = 0;
            services.replaceAll((name, spec) -> spec.withPort(0));
            if (gateway != null) {
                gateway = gateway.withPort(0);
            }
            return this;
        }

        /** Keeps only these configured services, in this order (the gateway is not affected). */
        public Builder services(String... names) {
            Map<String, ServiceSpec> kept = new LinkedHashMap<>();
            for (String name : names) {
                ServiceSpec spec = services.get(name);
                if (spec == null) {
                    throw new IllegalArgumentException("No such service: " + name + " (configured: " + services.keySet() + ")");
                }
                kept.put(name, spec);
            }
            services.clear();
            services.putAll(kept);
            return this;
        }

        /** Adds (or replaces) a service that is not in the configuration file. */
        public Builder service(String name, int port) {
            services.put(name, new ServiceSpec(name, port));
            return this;
        }

        /** Starts only the infrastructure and the services; no development API key is created. */
        public Builder withoutGateway() {
            gateway = null;
            return this;
        }

        /** Replaces the JVM flags of a group ({@code ""} = all, "kafka", "mongo", "services") or of one module. */
        public Builder jvmFlags(String groupOrModule, String flags) {
            jvmFlags.put(groupOrModule, flags);
            return this;
        }

        /**
         * Class path of the Kafka and Mongo child processes. Default: {@code crm-dev/target/lib/*} plus
         * {@code crm-dev/target/crm-dev.jar} under the root when they exist, else this JVM's class path.
         */
        public Builder childClasspath(String classpath) {
            this.childClasspath = classpath;
            return this;
        }

        /** The {@code java} launcher for the children. Default: the one running this JVM. */
        public Builder javaExecutable(Path java) {
            this.javaExecutable = java;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** How long a child may take to stop after SIGTERM before it is killed. */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /** Whether to create (or reuse) a development API key through the gateway's admin API. Default true. */
        public Builder createDevApiKey(boolean create) {
            this.createDevApiKey = create;
            return this;
        }

        /** An extra environment variable for every Spring Boot app (e.g. SPRING_PROFILES_ACTIVE). */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Where progress lines go. Default: standard output. */
        public Builder progress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        public PlatformConfig build() {
            Path state = stateDir != null ? stateDir : rootDir.resolve(".crm");
            return new PlatformConfig(rootDir, state, kafkaPort, kafkaControllerPort, mongoPort,
                    mailSmtpPort, mailImapPort, mongoStoreMaxGb, mongoStoreMinFreeGb, List.copyOf(services.values()), gateway, jvmFlags, childClasspath, javaExecutable,
                    startTimeout, stopTimeout, keyCheckPath, createDevApiKey, environment, progress);
        }
    }

    /** The nearest directory at or above {@code start} holding pom.xml and crm-dev/, else {@code start}. */
    public static Path repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("crm-dev"))) {
                return dir;
            }
        }
        return start.toAbsolutePath().normalize();
    }

    /** java.util.Properties syntax (continuation lines, escapes), keeping the order of the file. */
    static final class OrderedProperties {

        private OrderedProperties() {
        }

        static Map<String, String> load(Reader reader) throws IOException {
            Map<String, String> ordered = new LinkedHashMap<>();
            Properties properties = new Properties() {
                @Override
                public synchronized Object put(Object key, Object value) {
                    ordered.remove(key.toString());
                    ordered.put(key.toString(), value.toString());
                    return super.put(key, value);
                }
            };
            properties.load(reader);
            return ordered;
        }
    }
}
