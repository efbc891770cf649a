package org.touchpoint.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.springframework.http.HttpHeaders;

/**
 * A stand-in for a service behind the gateway: the JDK's HTTP server on a random port, answering every path
 * with a small JSON body and recording what it received. It can be made slow, failing (500) or down (port
 * closed, so connections are refused) and brought back on the same port.
 */
public final class StubBackend implements AutoCloseable {

    public enum Mode { OK, SLOW, FAILING }

    /** One request as the backend saw it. */
    public record Received(String method, String path, HttpHeaders headers, int bodyBytes) {
    }

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.OK;
    private static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(3);

    private volatile Duration slowDelay = DEFAULT_SLOW_DELAY;
    /** Slow requests wait on this gate: for slowDelay, or until the test resets the backend. */
    private volatile java.util.concurrent.CountDownLatch slowGate = new java.util.concurrent.CountDownLatch(1);
    private HttpServer server;
    private ExecutorService executor;

    private StubBackend(int port) throws IOException {
        start(port);
        this.port = server.getAddress().getPort();
    }

    public static StubBackend start() {
        try {
            return new StubBackend(0);
        }
        catch (IOException e) {
            throw new IllegalStateException("Cannot start the stub backend", e);
        }
    }

    private synchronized void start(int onPort) throws IOException {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received lastReceived() {
        return received.getLast();
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public void slowDelay(Duration delay) {
        this.slowDelay = delay;
    }

    /** Back to a healthy, empty state (and listening, if it was down). */
    public synchronized void reset() {
        mode = Mode.OK;
        slowDelay = DEFAULT_SLOW_DELAY;
        slowGate.countDown(); // release slow requests still held, so none outlives its test
        slowGate = new java.util.concurrent.CountDownLatch(1);
        received.clear();
        if (server == null) {
            up();
        }
    }

    /** Closes the port: connections are refused until {@link #up()}. */
    public synchronized void down() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    public synchronized void up() {
        if (server == null) {
            try {
                start(port);
            }
            catch (IOException e) {
                throw new IllegalStateException("Cannot bring the stub backend back on port " + port, e);
            }
        }
    }

    @Override
    public synchronized void close() {
        down();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int bodyBytes;
            try (InputStream body = exchange.getRequestBody()) {
                bodyBytes = body.readAllBytes().length;
            }
            HttpHeaders headers = new HttpHeaders();
            exchange.getRequestHeaders().forEach((name, values) -> headers.addAll(name, values));
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                    bodyBytes));
            Mode current = mode;
            if (current == Mode.SLOW) {
                try {
                    // The slow backend the timeout tests need: answer after slowDelay, or once the test resets.
                    slowGate.await(slowDelay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            boolean failing = current == Mode.FAILING;
            byte[] response = (failing
                    ? "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}"
                    : "{\"path\":\"" + exchange.getRequestURI().getPath() + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type",
                    failing ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(failing ? 500 : 200, response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        }
        catch (IOException clientGone) {
            // The gateway gave up (timeout) and closed the connection: nothing to answer.
        }
    }
}
