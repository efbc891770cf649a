package org.touchpoint.gateway.ratelimit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian's package; {@code .ci/run} installs it) on a free port, for one test class.
 * Where none is installed the test is skipped with a message saying so: it never passes without Redis.
 */
final class RedisServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static RedisServer startOrSkip() {
        String binary = find();
        Assumptions.assumeTrue(binary != null, "redis-server not found on PATH or in /usr/bin or /usr/sbin: "
                + "install Debian's redis-server (apt-get install redis-server; .ci/run does) to run the Redis tests");
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Process process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            RedisServer server = new RedisServer(process, port);
            server.awaitPong();
            return server;
        }
        catch (IOException e) {
            throw new IllegalStateException("Cannot start redis-server", e);
        }
    }

    int port() {
        return port;
    }

    private static String find() {
        String path = System.getenv("PATH");
        List<String> directories = new java.util.ArrayList<>(path == null ? List.of() : List.of(path.split(File.pathSeparator)));
        directories.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
        for (String directory : directories) {
            File candidate = new File(directory, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }

    private void awaitPong() {
        org.awaitility.Awaitility.await("redis-server answering PING on port " + port)
                .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("redis-server exited with " + process.exitValue());
                    }
                    return pong();
                });
    }

    private boolean pong() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = new byte[7];
            int read = in.read(answer);
            return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        }
        catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
