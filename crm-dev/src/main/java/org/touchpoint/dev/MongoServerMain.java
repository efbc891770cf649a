package org.touchpoint.dev;

import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;

/**
 * mongo-java-server with the H2 MVStore file backend, as a child process of the launcher:
 * {@code MongoServerMain <port> <data file>}. Data survives a restart; SIGTERM closes the store cleanly.
 * {@code MongoServerMain --compact <data file>} only compacts the file if it needs it, and exits: the launcher runs
 * it before the server when the file is large, so that a long compaction is not counted in the start timeout.
 * How the file is kept (BSON documents, compression, compaction): {@link EmbeddedMongoStore}; its settings
 * are system properties {@code crm.mongo.*}.
 */
public final class MongoServerMain {

    private MongoServerMain() {
    }

    /** Below this size the launcher does not run {@code --compact} first (the default {@code crm.mongo.compactAboveMb}). */
    static final long COMPACT_CHECK_ABOVE_BYTES = 256L << 20;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: MongoServerMain <port> <data file>\n       MongoServerMain --compact <data file>");
            System.exit(2);
        }
        Path file = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(file.getParent());
        EmbeddedMongoStore.Settings settings = EmbeddedMongoStore.Settings.from(System.getProperties());
        if (args[0].equals("--compact")) {
            // Opening compacts when the file is mostly dead pages (see EmbeddedMongoStore); then exit. The outcome is
            // the last line of the output (the launcher shows it).
            java.util.List<String> outcome = new java.util.ArrayList<>();
            EmbeddedMongoStore.open(file, settings, outcome::add).close();
            System.out.println(outcome.isEmpty()
                    ? "no compaction needed: " + file + " (" + (file.toFile().length() >> 20) + " MB)"
                    : String.join("; ", outcome));
            return;
        }
        int port = Integer.parseInt(args[0]);

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
