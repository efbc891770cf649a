package org.touchpoint.dev;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's H2 backend with two changes: a collection's documents are stored with
 * {@link BsonDocumentType} (BSON) instead of the default Java serialization, and a query registers the store
 * version it reads, so that no chunk it needs is freed under it. Everything else (maps, their names,
 * keys, the {@code _id} index, the per-collection metadata) is the H2 backend's own, so a data file of the plain
 * H2 backend opens with this one.
 */
final class BsonH2Backend extends H2Backend {

    /** The map names of {@link H2Database} (package-private there). */
    static final String DATA_MAP_PREFIX = "databases.", META_MAP_PREFIX = "meta.";

    BsonH2Backend(MVStore store) {
        super(store); // opens the existing databases, through openOrCreateDatabase below
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new BsonH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** Inner class: it reaches the store through the backend, as the superclass constructor already opens collections. */
    private final class BsonH2Database extends H2Database {

        BsonH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
            super(databaseName, store, cursorRegistry);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVStore store = getMvStore();
            MVMap<Object, Document> data = store.openMap(DATA_MAP_PREFIX + fullName,
                    new MVMap.Builder<Object, Document>().valueType(BsonDocumentType.INSTANCE));
            MVMap<String, Object> meta = store.openMap(META_MAP_PREFIX + fullName);
            return new BsonH2Collection(this, collectionName, options, data, meta, cursorRegistry);
        }
    }

    /**
     * A query holds on to the store version it reads: a scan of a large collection can outlast the retention time,
     * and without this H2's background writer frees chunks the scan still has to read ("Chunk 198 not found",
     * seen on a one-million-document scan that took longer than 45 s).
     */
    private final class BsonH2Collection extends H2Collection {

        BsonH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                         MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, data, meta, cursorRegistry);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                             Document fieldSelector) {
            MVStore store = getMvStore();
            MVStore.TxCounter reading = store.registerVersionUsage();
            try {
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            } finally {
                store.deregisterVersionUsage(reading);
            }
        }
    }
}
