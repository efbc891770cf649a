package org.touchpoint.gateway;

import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The servers the gateway talks to in tests, started once per test run (so every test class shares one
 * Spring context) and stopped when JUnit finishes: an in-memory mongo-java-server and a {@link StubBackend}
 * standing in for customer-service, both on random ports.
 */
public final class TestServers implements AutoCloseable {

    private static TestServers instance;

    private final MongoServer mongo;
    private final StubBackend backend;

    private TestServers() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress address = mongo.getLocalAddress();
        this.mongoUri = "mongodb://127.0.0.1:" + address.getPort();
        backend = StubBackend.start();
    }

    private final String mongoUri;

    public static synchronized TestServers get() {
        if (instance == null) {
            instance = new TestServers();
        }
        return instance;
    }

    public String mongoUri() {
        return mongoUri;
    }

    public StubBackend backend() {
        return backend;
    }

    @Override
    public void close() {
        synchronized (TestServers.class) {
            backend.close();
            mongo.shutdownNow();
            instance = null;
        }
    }

    /** Registers the servers in JUnit's root store, which closes them once all test classes have run. */
    public static final class Extension implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot().getStore(ExtensionContext.Namespace.create(TestServers.class))
                    .computeIfAbsent("servers", key -> get(), TestServers.class);
        }
    }
}
