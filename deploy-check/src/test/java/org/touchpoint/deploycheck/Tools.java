package org.touchpoint.deploycheck;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The command-line tools the checks run (kubectl, node/npm, docker-compose) and the repository root.
 *
 * <p>A missing tool fails the build in CI ({@code CI=true}: {@code .ci/run} installs what Debian packages, and the
 * machine image provides kubectl and Node 20) and skips the check, saying why, on a developer machine without it.
 */
final class Tools {

    static final Path ROOT = Path.of(System.getProperty("touchpoint.root", "..")).toAbsolutePath().normalize();

    private Tools() {
    }

    /** The absolute path of {@code name} on the PATH, or a failed (CI) / skipped (elsewhere) test. */
    static Path require(String name, String howToInstall) {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        String message = name + " is not on the PATH; " + howToInstall;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message + " (skipped outside CI)");
        throw new AssertionError("unreachable");
    }

    static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What a finished process printed, and its exit code. */
    record Result(int exitCode, String stdout, String stderr) {

        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /**
     * Runs a command in {@code dir} bounded by {@code timeout} (killed on overrun), with this JVM's environment
     * changed by {@code env}: a null value removes the variable.
     */
    static Result run(Path dir, Map<String, String> env, Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("deploy-check", ".out");
            Path err = Files.createTempFile("deploy-check", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                env.forEach((key, value) -> {
                    if (value == null) {
                        builder.environment().remove(key);
                    } else {
                        builder.environment().put(key, value);
                    }
                });
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    Assertions.fail(String.join(" ", command) + " did not finish within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
