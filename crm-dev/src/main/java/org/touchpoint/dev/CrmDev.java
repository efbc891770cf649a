package org.touchpoint.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The command line behind {@code ./crm}: {@code up [--demo] [--detach]}, {@code down}, {@code status},
 * {@code demo}, {@code token}. The repository root comes from {@code -Dcrm.root} (set by ./crm), else the working directory;
 * state lives in {@code <root>/.crm}.
 */
public final class CrmDev {

    private static final String LAUNCHER_MARKER = CrmDev.class.getName();
    static final int NOT_RUNNING = 3;

    private final Path root;
    private final Path state;
    private final RunDir runDir;

    CrmDev(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.state = this.root.resolve(".crm");
        this.runDir = new RunDir(state.resolve("run"));
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("crm.root", "")).toAbsolutePath();
        int code;
        try {
            code = new CrmDev(root).run(List.of(args));
        } catch (PlatformException | IllegalArgumentException e) {
            System.err.println();
            System.err.println("crm: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    int run(List<String> args) {
        String command = args.isEmpty() ? "help" : args.getFirst();
        List<String> options = args.subList(Math.min(1, args.size()), args.size());
        return switch (command) {
            case "up" -> {
                for (String option : options) {
                    if (!option.equals("--demo") && !option.equals("--detach")) {
                        throw new IllegalArgumentException("Unknown option for up: " + option + "\n" + usage());
                    }
                }
                yield up(options.contains("--demo"), options.contains("--detach"));
            }
            case "down" -> down();
            case "status" -> status();
            case "demo" -> demo();
            case "token" -> DevToken.run(options, state, System.out, System.err);
            case "help", "--help", "-h" -> {
                System.out.println(usage());
                yield 0;
            }
            default -> throw new IllegalArgumentException("Unknown command: " + command + "\n" + usage());
        };
    }

    static String usage() {
        return """
                usage: ./crm <command>
                  up [--demo] [--detach]  build what is missing, start Kafka, MongoDB, the services and the gateway;
                                          --demo loads demo accounts and contacts, --detach returns once ready
                  down                    stop a platform started with --detach (or a foreground one)
                  status                  show what runs
                  demo                    load the demo data into the running platform
                  token --user <name> [--roles r1,r2] [--ttl 1h]
                                          print a user token (JWT) of the development issuer, for
                                          Authorization: Bearer on the gateway started by ./crm up
                Configuration: crm-dev/src/main/resources/touchpoint-platform.properties,
                local overrides in .crm/platform.properties.""";
    }

    private PlatformConfig.Builder configBuilder() {
        return PlatformConfig.builder()
                .rootDir(root)
                .stateDir(state)
                .overrides(state.resolve("platform.properties"))
                .progress(System.out::println);
    }

    // ---------------------------------------------------------------------------------------------- up

    int up(boolean demo, boolean detach) {
        Optional<RunDir.PidRecord> launcher = runDir.read(Platform.LAUNCHER);
        Optional<ProcessHandle> liveLauncher = launcher.flatMap(RunDir.PidRecord::liveHandle);
        if (liveLauncher.isPresent()) {
            throw new PlatformException("Touchpoint is already running in the foreground (launcher pid "
                    + liveLauncher.get().pid() + "). Stop it with Ctrl-C in its terminal, or ./crm down.");
        }
        List<RunDir.PidRecord> live = liveChildren();
        if (!live.isEmpty() && launcher.isEmpty()) {
            System.out.println("Touchpoint is already running in the background: "
                    + live.stream().map(r -> r.name() + " (pid " + r.pid() + ")").toList());
            printAccess(EnvFile.read(state.resolve("dev.env")));
            System.out.println("./crm status shows it, ./crm down stops it.");
            return 1;
        }
        if (launcher.isPresent()) {
            System.out.println("The previous launcher (pid " + launcher.get().pid() + ") did not stop cleanly.");
        }

        PlatformConfig config = configBuilder().build();
        checkStore(config);
        ProcessHandle self = ProcessHandle.current();
        runDir.write(new RunDir.PidRecord(Platform.LAUNCHER, Platform.LAUNCHER, -1, self.pid(),
                self.info().startInstant().orElse(null), 0, LAUNCHER_MARKER));
        Platform platform = new Platform(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            runDir.delete(Platform.LAUNCHER);
        }, "crm-launcher-shutdown"));

        System.out.println("Starting Touchpoint: " + describe(config));
        PlatformEndpoints endpoints;
        try {
            endpoints = platform.start();
        } catch (PlatformException e) {
            if (platform.isClosing() && e.getMessage().startsWith("Stopped while starting")) {
                return 130;
            }
            throw e;
        }
        System.out.println();
        System.out.println("Touchpoint is ready in " + Platform.seconds(endpoints.startupTime()) + ".");
        endpoints.services().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(service ->
                System.out.printf(Locale.ROOT, "  Service   %-20s %s%n", service.getKey(), service.getValue()));
        System.out.println("  Kafka     " + endpoints.kafkaBootstrapServers());
        System.out.println("  MongoDB   " + endpoints.mongoUri());
        System.out.println("  Mail      SMTP localhost:" + endpoints.mailSmtpPort() + ", read it over IMAP on localhost:"
                + endpoints.mailImapPort() + " (user and password = the recipient's address)");
        System.out.println("  Logs      " + root.relativize(state.resolve("logs")) + "/");
        if (endpoints.gatewayUrl() != null && endpoints.apiKey() != null) {
            printAccess(Map.of("CRM_GATEWAY_URL", endpoints.gatewayUrl().toString(), "CRM_API_KEY", endpoints.apiKey()));
        }

        int code = 0;
        if (demo) {
            if (endpoints.gatewayUrl() == null || endpoints.apiKey() == null) {
                System.err.println("crm: --demo needs the gateway and a development API key");
                code = 1;
            } else {
                try {
                    DemoData.load(endpoints.gatewayUrl(), endpoints.apiKey(), System.out::println);
                } catch (PlatformException e) {
                    System.err.println("crm: " + e.getMessage());
                    code = 1;
                }
            }
        }
        if (detach) {
            platform.detach();
            runDir.delete(Platform.LAUNCHER);
            System.out.println("Running in the background. ./crm status shows it, ./crm down stops it.");
            return code;
        }
        if (code != 0) {
            return code; // System.exit runs the shutdown hook, which stops everything
        }
        System.out.println("Press Ctrl-C to stop everything.");
        try {
            new CountDownLatch(1).await(); // until SIGINT/SIGTERM: the shutdown hook stops the platform
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Refuses to start when the embedded MongoDB's data has outgrown the embedded store or its disk; warns near it. */
    private void checkStore(PlatformConfig config) {
        Path data = config.stateDir().resolve("data");
        StoreCheck check = StoreCheck.of(data, config.mongoStoreMaxGb(), config.mongoStoreMinFreeGb());
        switch (check.verdict()) {
            case REFUSE -> throw new PlatformException("Not starting. " + check.message());
            case WARN -> System.out.println("Warning: " + check.message());
            case OK -> { }
        }
    }

    private String describe(PlatformConfig config) {
        List<String> parts = new ArrayList<>();
        parts.add("Kafka :" + port(config.kafkaPort()));
        parts.add("MongoDB :" + port(config.mongoPort()));
        config.applications().forEach(spec -> parts.add(spec.name() + " :" + port(spec.port())));
        return String.join(", ", parts) + " (state in " + root.relativize(state) + "/)";
    }

    private static String port(int port) {
        return port == 0 ? "random" : Integer.toString(port);
    }

    private void printAccess(Map<String, String> devEnv) {
        String url = devEnv.get("CRM_GATEWAY_URL");
        String key = devEnv.get("CRM_API_KEY");
        if (url == null || key == null) {
            return;
        }
        System.out.println("  Gateway   " + url);
        System.out.println("  API key   " + key + "   (also in " + root.relativize(state.resolve("dev.env")) + ")");
        System.out.println("  User      TOKEN=$(./crm token --user alice --roles sales)   then: -H \"Authorization: Bearer $TOKEN\"");
        System.out.println();
        System.out.println("Try it:");
        System.out.println("  curl -s -H 'X-API-Key: " + key + "' '" + url + "/api/accounts?limit=10'");
        System.out.println("  # or: source .crm/dev.env && curl -s -H \"X-API-Key: $CRM_API_KEY\" \"$CRM_GATEWAY_URL/api/accounts?limit=10\"");
    }

    private List<RunDir.PidRecord> liveChildren() {
        return runDir.records().stream()
                .filter(record -> !record.kind().equals(Platform.LAUNCHER))
                .filter(record -> record.liveHandle().isPresent())
                .toList();
    }

    // -------------------------------------------------------------------------------------------- down

    int down() {
        Duration grace = configBuilder().build().stopTimeout();
        boolean any = false;
        Optional<RunDir.PidRecord> launcher = runDir.read(Platform.LAUNCHER);
        Optional<ProcessHandle> liveLauncher = launcher.flatMap(RunDir.PidRecord::liveHandle);
        if (liveLauncher.isPresent()) {
            any = true;
            System.out.println("Stopping the foreground launcher (pid " + liveLauncher.get().pid() + "), which stops its processes...");
            if (!RunDir.terminate(liveLauncher.get(), grace.multipliedBy(3).plusSeconds(30))) {
                System.err.println("crm: the launcher (pid " + liveLauncher.get().pid() + ") did not stop");
            }
        }
        if (!liveChildren().isEmpty()) {
            any = true;
            System.out.println("Stopping Touchpoint...");
        }
        Platform.stopRecorded(state, grace, System.out::println);
        if (launcher.isPresent() && launcher.get().liveHandle().isEmpty()) {
            runDir.delete(Platform.LAUNCHER);
        }
        System.out.println(any ? "Touchpoint stopped." : "Touchpoint is not running.");
        return 0;
    }

    // ------------------------------------------------------------------------------------------ status

    int status() {
        List<RunDir.PidRecord> records = runDir.records();
        if (records.isEmpty()) {
            System.out.println("Touchpoint is not running.");
            return NOT_RUNNING;
        }
        HttpClient http = Probes.httpClient();
        boolean allGood = true;
        System.out.printf(Locale.ROOT, "%-20s %8s %6s  %-10s %9s %9s%n", "PROCESS", "PID", "PORT", "STATE", "RSS", "UPTIME");
        for (RunDir.PidRecord record : records) {
            Optional<ProcessHandle> handle = record.liveHandle();
            String stateText;
            if (handle.isEmpty()) {
                stateText = "dead";
                allGood = false;
            } else {
                boolean ready = switch (record.kind()) {
                    case Platform.KAFKA -> {
                        try (Probes.Kafka probe = new Probes.Kafka("localhost:" + record.port())) {
                            yield probe.answers(Duration.ofSeconds(5));
                        }
                    }
                    case Platform.MONGO -> Probes.mongo(record.port());
                    case Platform.MAIL -> Probes.greets(record.port(), "220");
                    case Platform.KIND_SERVICE, Platform.KIND_GATEWAY ->
                            Probes.http(http, URI.create("http://localhost:" + record.port() + "/actuator/health/readiness"));
                    default -> true;
                };
                stateText = ready ? (record.kind().equals(Platform.LAUNCHER) ? "running" : "ready") : "not ready";
                allGood &= ready;
            }
            System.out.printf(Locale.ROOT, "%-20s %8d %6s  %-10s %9s %9s%n", record.name(), record.pid(),
                    record.port() == 0 ? "-" : Integer.toString(record.port()), stateText,
                    handle.isPresent() ? rss(record.pid()) : "-",
                    handle.isPresent() && record.started() != null ? uptime(record.started()) : "-");
        }
        Map<String, String> devEnv = EnvFile.read(state.resolve("dev.env"));
        if (devEnv.containsKey("CRM_GATEWAY_URL")) {
            System.out.println("Gateway " + devEnv.get("CRM_GATEWAY_URL") + ", API key in " + root.relativize(state.resolve("dev.env")));
        }
        return allGood ? 0 : 1;
    }

    static String rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return (kb / 1024) + " MB";
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or gone
        }
        return "?";
    }

    private static String uptime(Instant started) {
        long seconds = Duration.between(started, Instant.now()).toSeconds();
        return seconds < 3600 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    // -------------------------------------------------------------------------------------------- demo

    int demo() {
        Map<String, String> devEnv = EnvFile.read(state.resolve("dev.env"));
        String url = devEnv.get("CRM_GATEWAY_URL");
        String key = devEnv.get("CRM_API_KEY");
        if (url == null || key == null || liveChildren().isEmpty()) {
            throw new PlatformException("Touchpoint is not running: start it with ./crm up --detach (or ./crm up --demo).");
        }
        DemoData.load(URI.create(url), key, System.out::println);
        return 0;
    }
}
