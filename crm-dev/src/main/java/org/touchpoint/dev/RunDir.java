package org.touchpoint.dev;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code <state>/run/<name>.pid}: one file per running process, so that another invocation ({@code ./crm down},
 * {@code status}, or an {@code up} after a crash) can find it, and can check that the PID still belongs to
 * us (same start time, command line carrying our marker) before signalling it.
 */
final class RunDir {

    /** System property put on every child's command line; its value names the state directory and the process. */
    static final String MARKER_PROPERTY = "touchpoint.dev";

    private final Path dir;

    RunDir(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** What we know about one process we started. {@code tier} orders the start (stop in reverse). */
    record PidRecord(String name, String kind, int tier, long pid, Instant started, int port, String marker) {

        Optional<ProcessHandle> liveHandle() {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (handle.isEmpty()) {
                return Optional.empty();
            }
            ProcessHandle.Info info = handle.get().info();
            Optional<Instant> actualStart = info.startInstant();
            if (started != null && actualStart.isPresent()
                    && Duration.between(started, actualStart.get()).abs().compareTo(Duration.ofSeconds(2)) > 0) {
                return Optional.empty(); // PID reused by another process
            }
            Optional<String> commandLine = commandLine(handle.get());
            if (commandLine.isPresent() && !commandLine.get().contains(marker)) {
                return Optional.empty();
            }
            if (commandLine.isEmpty() && (started == null || actualStart.isEmpty())) {
                return Optional.empty(); // cannot prove it is ours: leave it alone
            }
            return handle;
        }
    }

    /** The full command line (Linux /proc; ProcessHandle.Info may cut long ones), else what the JDK knows. */
    static Optional<String> commandLine(ProcessHandle handle) {
        Path cmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                byte[] bytes = Files.readAllBytes(cmdline);
                if (bytes.length > 0) {
                    return Optional.of(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').strip());
                }
            }
        } catch (IOException ignored) {
            // gone, or not ours to read
        }
        return handle.info().commandLine();
    }

    static String marker(Path stateDir, String name) {
        return "-D" + MARKER_PROPERTY + "=" + stateDir + "#" + name;
    }

    void write(PidRecord record) {
        Properties properties = new Properties();
        properties.setProperty("name", record.name());
        properties.setProperty("kind", record.kind());
        properties.setProperty("tier", Integer.toString(record.tier()));
        properties.setProperty("pid", Long.toString(record.pid()));
        if (record.started() != null) {
            properties.setProperty("started", record.started().toString());
        }
        properties.setProperty("port", Integer.toString(record.port()));
        properties.setProperty("marker", record.marker());
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, record.name(), ".tmp");
            try (Writer writer = Files.newBufferedWriter(temp)) {
                properties.store(writer, "Touchpoint dev platform process");
            }
            Files.move(temp, file(record.name()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<PidRecord> read(String name) {
        Path file = file(name);
        return Files.isRegularFile(file) ? Optional.ofNullable(parse(file)) : Optional.empty();
    }

    /** Every record, in start order. */
    List<PidRecord> records() {
        List<PidRecord> records = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return records;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path file : files) {
                PidRecord record = parse(file);
                if (record != null) {
                    records.add(record);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        records.sort(Comparator.comparingInt(PidRecord::tier).thenComparing(PidRecord::name));
        return records;
    }

    private static PidRecord parse(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
            String started = properties.getProperty("started");
            return new PidRecord(properties.getProperty("name"), properties.getProperty("kind"),
                    Integer.parseInt(properties.getProperty("tier")), Long.parseLong(properties.getProperty("pid")),
                    started == null ? null : Instant.parse(started), Integer.parseInt(properties.getProperty("port")),
                    properties.getProperty("marker"));
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or half-written: treated as absent
        }
    }

    private Path file(String name) {
        return dir.resolve(name + ".pid");
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. True if the process is gone. */
    static boolean terminate(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return true;
        }
        handle.destroy();
        if (awaitExit(handle, grace)) {
            return true;
        }
        handle.destroyForcibly();
        return awaitExit(handle, Duration.ofSeconds(10));
    }

    static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (ExecutionException e) {
            return !handle.isAlive();
        }
    }
}
