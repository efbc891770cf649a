package org.touchpoint.dev;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's H2 backend with one change: a collection's documents are stored with
 * {@link BsonDocumentType} (BSON) instead of the default Java serialization. Everything else (maps, their names,
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
            return new H2Collection(this, collectionName, options, data, meta, cursorRegistry);
        }
    }
}
