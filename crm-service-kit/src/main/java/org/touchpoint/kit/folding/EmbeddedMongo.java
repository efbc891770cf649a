package org.touchpoint.kit.folding;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

/**
 * What the embedded default (mongo-java-server) needs so that hot paths stay reads by {@code _id}.
 *
 * <p>mongo-java-server answers a query from an index only when the query names exactly that index's fields; it
 * ignores non-unique indexes altogether. An optimistic write, which matches {@code {_id, version}}, would
 * therefore scan the whole collection: its cost would grow with the data. A unique index on
 * {@code (_id, version)} makes exactly that query an index lookup there. Real MongoDB finds the document by
 * {@code _id} anyway, so the index is created only on mongo-java-server (recognised by its {@code buildInfo},
 * which has no {@code gitVersion}), or as {@code crm.mongo.id-version-index} says ({@code auto}, {@code always},
 * {@code never}).
 */
public class EmbeddedMongo {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);
    static final String ID_VERSION_INDEX = "_id_version";

    private final MongoTemplate mongo;
    private final String mode;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private volatile Boolean embedded;

    public EmbeddedMongo(MongoTemplate mongo, String mode) {
        this.mongo = mongo;
        this.mode = mode == null ? "auto" : mode;
    }

    /** True when the server is mongo-java-server (or the setting says to behave as if). */
    public boolean isEmbedded() {
        Boolean known = embedded;
        if (known == null) {
            known = switch (mode) {
                case "always" -> true;
                case "never" -> false;
                default -> detect();
            };
            embedded = known;
        }
        return known;
    }

    /** Asks the server; a failure (the server is not up yet) is not cached: the next call asks again. */
    private Boolean detect() {
        Document info = mongo.executeCommand(new Document("buildInfo", 1));
        boolean javaServer = !info.containsKey("gitVersion");
        log.info("MongoDB server {} ({}): {}", info.get("version"), javaServer ? "mongo-java-server" : "MongoDB",
                javaServer ? "optimistic writes go through a unique (_id, version) index" : "no extra index needed");
        return javaServer;
    }

    /**
     * Ensures the index for every collection of a versioned document the mapping context knows (outbox documents,
     * {@code @Version} entities); run once at start-up. A server that is not up yet is skipped: the writes ensure
     * their collection's index themselves on first use.
     */
    public void ensureForVersionedEntities() {
        try {
            for (var entity : mongo.getConverter().getMappingContext().getPersistentEntities()) {
                if (entity.hasVersionProperty() && entity.getCollection() != null) {
                    ensureIdVersionIndex(entity.getCollection());
                }
            }
        } catch (RuntimeException e) {
            log.debug("Indexes for versioned documents not ensured yet: {}", e.toString());
        }
    }

    /** Makes {@code {_id, version}} queries on this collection index lookups on the embedded server. Idempotent, cached. */
    public void ensureIdVersionIndex(String collection) {
        if (ensured.contains(collection) || !isEmbedded()) {
            return;
        }
        mongo.indexOps(collection).createIndex(new Index().on("_id", Sort.Direction.ASC).on(FoldedView.VERSION, Sort.Direction.ASC)
                .unique().named(ID_VERSION_INDEX));
        ensured.add(collection);
    }
}
