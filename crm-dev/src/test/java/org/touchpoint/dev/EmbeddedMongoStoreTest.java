package org.touchpoint.dev;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

class EmbeddedMongoStoreTest {

    @TempDir
    Path dir;

    @Test
    void documentsAreStoredAsBsonAndSurviveARestart() {
        Path file = dir.resolve("mongo.mv");
        try (EmbeddedMongoStore store = EmbeddedMongoStore.open(file, EmbeddedMongoStore.Settings.DEFAULTS, line -> { })) {
            serve(store.backend(), customers -> {
                customers.insertMany(List.of(customer(1), customer(2), customer(3)));
                customers.replaceOne(eq("_id", "con_2"), customer(2).append("title", "Director"));
                customers.deleteOne(eq("_id", "con_3"));
                assertThat(store.mvStore().openMap("databases.crm_sales.customers").getValueType())
                        .isSameAs(BsonDocumentType.INSTANCE);
            });
        }

        try (EmbeddedMongoStore store = EmbeddedMongoStore.open(file, EmbeddedMongoStore.Settings.DEFAULTS, line -> { })) {
            serve(store.backend(), customers -> {
                assertThat(customers.countDocuments()).isEqualTo(2);
                assertThat(customers.find(eq("_id", "con_2")).first()).containsEntry("title", "Director")
                        .extractingByKey("profile").isEqualTo(new Document("city", "Medellín").append("tags", List.of("vip")));
                assertThat(ids(customers.find(in("_id", List.of("con_1", "con_2", "con_3"))))).containsExactly("con_1", "con_2");
            });
        }
    }

    @Test
    void aFileWrittenByThePlainH2BackendOpensWithItsDocumentsAndUniqueIndex() {
        Path file = dir.resolve("old.mv");
        H2Backend plain = new H2Backend(MVStore.open(file.toString()));
        serve(plain, customers -> {
            customers.createIndex(new Document("email", 1), new com.mongodb.client.model.IndexOptions().unique(true));
            customers.insertMany(List.of(customer(1), customer(2)));
        });

        try (EmbeddedMongoStore store = EmbeddedMongoStore.open(file, EmbeddedMongoStore.Settings.DEFAULTS, line -> { })) {
            serve(store.backend(), customers -> {
                assertThat(ids(customers.find())).containsExactly("con_1", "con_2");
                customers.replaceOne(eq("_id", "con_1"), customer(1).append("title", "new"));
                customers.insertOne(customer(3));
                assertThatThrownBy(() -> customers.insertOne(customer(4).append("email", "c2@example.com")))
                        .hasMessageContaining("duplicate key");
            });
        }
        try (EmbeddedMongoStore store = EmbeddedMongoStore.open(file, EmbeddedMongoStore.Settings.DEFAULTS, line -> { })) {
            serve(store.backend(), customers -> {
                assertThat(ids(customers.find())).containsExactly("con_1", "con_2", "con_3");
                assertThat(customers.find(eq("_id", "con_1")).first()).containsEntry("title", "new");
            });
        }
    }

    @Test
    void aFileWithLittleLiveDataIsCompactedWhenItOpensAndKeepsEveryDocument() {
        Path file = dir.resolve("churned.mv");
        try (EmbeddedMongoStore store = EmbeddedMongoStore.open(file, EmbeddedMongoStore.Settings.DEFAULTS, line -> { })) {
            serve(store.backend(), customers -> {
                customers.insertMany(List.of(customer(1), customer(2)));
                for (int i = 0; i < 50; i++) {
                    customers.replaceOne(eq("_id", "con_1"), customer(1).append("revision", i));
                }
            });
        }
        long before = file.toFile().length();
        List<String> log = new ArrayList<>();
        EmbeddedMongoStore.Settings always = new EmbeddedMongoStore.Settings("bson", 1, 16, 64, 90, 101, 0);

        try (EmbeddedMongoStore store = EmbeddedMongoStore.open(file, always, log::add)) {
            serve(store.backend(), customers -> {
                assertThat(ids(customers.find())).containsExactly("con_1", "con_2");
                assertThat(customers.find(eq("_id", "con_1")).first()).containsEntry("revision", 49);
            });
        }
        assertThat(log).singleElement().asString().startsWith("compacted " + file);
        assertThat(file.toFile().length()).isLessThanOrEqualTo(before);
        assertThat(file.resolveSibling("churned.mv.tempFile")).doesNotExist();
    }

    @Test
    void aFileMostlyLiveOrSmallIsNotCompacted() {
        Path file = dir.resolve("small.mv");
        List<String> log = new ArrayList<>();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.open(file, EmbeddedMongoStore.Settings.DEFAULTS, log::add)) {
            serve(store.backend(), customers -> customers.insertOne(customer(1)));
        }
        try (EmbeddedMongoStore store = EmbeddedMongoStore.open(file, EmbeddedMongoStore.Settings.DEFAULTS, log::add)) {
            assertThat(EmbeddedMongoStore.livePercent(store.mvStore())).isBetween(0, 100);
        }

        assertThat(log).isEmpty();
    }

    @Test
    void settingsComeFromCrmMongoSystemPropertiesWithDefaultsForTheRest() {
        Properties properties = new Properties();
        properties.setProperty("crm.mongo.cacheMb", "48");
        properties.setProperty("crm.mongo.compress", "2");
        properties.setProperty("unrelated", "x");

        EmbeddedMongoStore.Settings settings = EmbeddedMongoStore.Settings.from(properties);

        assertThat(settings.cacheMb()).isEqualTo(48);
        assertThat(settings.compress()).isEqualTo(2);
        assertThat(settings.format()).isEqualTo(EmbeddedMongoStore.Settings.DEFAULTS.format());
        assertThat(settings.pageSplitKb()).isEqualTo(EmbeddedMongoStore.Settings.DEFAULTS.pageSplitKb());
    }

    @Test
    void anUnknownFormatIsRejected() {
        Properties properties = new Properties();
        properties.setProperty("crm.mongo.format", "json");

        assertThatThrownBy(() -> EmbeddedMongoStore.Settings.from(properties)).hasMessageContaining("bson or java");
    }

    /** Serves the backend while {@code work} runs; the server's shutdown closes the backend, as in MongoServerMain. */
    private static void serve(H2Backend backend, Consumer<MongoCollection<Document>> work) {
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            work.accept(client.getDatabase("crm_sales").getCollection("customers"));
        } finally {
            server.shutdownNow();
        }
    }

    private static Document customer(int n) {
        return new Document("_id", "con_" + n).append("email", "c" + n + "@example.com").append("version", (long) n)
                .append("profile", new Document("city", "Medellín").append("tags", List.of("vip")));
    }

    private static List<Object> ids(Iterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(d -> ids.add(d.get("_id")));
        return ids;
    }
}
