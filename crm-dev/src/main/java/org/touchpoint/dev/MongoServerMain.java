package org.touchpoint.dev;

import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;

/**
 * mongo-java-server with the H2 MVStore file backend, as a child process of the launcher:
 * {@code MongoServerMain <port> <data file>}. Data survives a restart; SIGTERM closes the store cleanly.
 * How the file is kept (BSON documents, compression, compaction): {@link EmbeddedMongoStore}; its settings
 * are system properties {@code crm.mongo.*}.
 */
public final class MongoServerMain {

    private MongoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: MongoServerMain <port> <data file>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(file.getParent());

        EmbeddedMongoStore.Settings settings = EmbeddedMongoStore.Settings.from(System.getProperties());
        EmbeddedMongoStore store = EmbeddedMongoStore.open(file, settings, System.out::println);
        MongoServer server = new MongoServer(store.backend());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            store.close();
            System.out.println("mongo-java-server stopped, " + file + " closed");
        }, "mongo-shutdown"));
        server.bind("127.0.0.1", port);
        System.out.println("mongo-java-server listening on 127.0.0.1:" + port + ", data in " + file + " " + settings);
    }
}
