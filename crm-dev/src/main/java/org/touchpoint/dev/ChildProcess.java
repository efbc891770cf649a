package org.touchpoint.dev;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One child JVM: output to {@code <state>/logs/<name>.log}, PID in {@code <state>/run/<name>.pid}, started in
 * its own session (via {@code setsid} where available) so that a Ctrl-C in the terminal reaches only the
 * launcher, which then stops the children in reverse order.
 */
final class ChildProcess {

    private static final Optional<String> SETSID = findSetsid();

    private final String name;
    private final Process process;
    private final Path log;
    private final RunDir.PidRecord record;
    private final Instant launched = Instant.now();

    private ChildProcess(String name, Process process, Path log, RunDir.PidRecord record) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.record = record;
    }

    /**
     * Starts {@code java <jvmFlags> -Dtouchpoint.dev=<marker> <arguments>} and records its PID.
     */
    static ChildProcess start(String name, String kind, int tier, int port, Path java, List<String> jvmFlags,
                              List<String> arguments, Map<String, String> environment, Path workDir,
                              Path stateDir, RunDir runDir) {
        Path log = stateDir.resolve("logs").resolve(name + ".log");
        String marker = RunDir.marker(stateDir, name);
        List<String> command = new ArrayList<>();
        SETSID.ifPresent(command::add);
        command.add(java.toString());
        command.add(marker); // first: long class paths come later, and some readers of a command line truncate it
        command.addAll(jvmFlags);
        command.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(name + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            File devNull = new File("/dev/null");
            if (devNull.exists()) {
                builder.redirectInput(ProcessBuilder.Redirect.from(devNull));
            }
            builder.environment().putAll(environment);
            Process process = builder.start();
            Instant started = process.info().startInstant().orElse(null);
            RunDir.PidRecord record = new RunDir.PidRecord(name, kind, tier, process.pid(), started, port, marker);
            runDir.write(record);
            return new ChildProcess(name, process, log, record);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return record.port();
    }

    Path log() {
        return log;
    }

    /** When this launcher started it (the OS start time is only precise to about a second). */
    Instant launched() {
        return launched;
    }

    Process process() {
        return process;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. */
    boolean stop(Duration grace) {
        return RunDir.terminate(process.toHandle(), grace) && awaitReaped();
    }

    private boolean awaitReaped() {
        try {
            process.waitFor();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The last {@code lines} lines of the log, for error messages. */
    String logTail(int lines) {
        return tail(log, lines);
    }

    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = Math.max(0, length - 16 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            raf.seek(from);
            raf.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static Optional<String> findSetsid() {
        if (Boolean.getBoolean("touchpoint.dev.no-setsid")) {
            return Optional.empty();
        }
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
