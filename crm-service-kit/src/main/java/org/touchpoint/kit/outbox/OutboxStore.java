package org.touchpoint.kit.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.bson.Document;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mapping.PropertyHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.EventTypes;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchContract;
import org.touchpoint.kit.folding.EmbeddedMongo;

/**
 * Writes an {@link OutboxDocument} and the events it emitted in ONE single-document MongoDB write, then
 * hands the document to the relay's fast path, which publishes right away. If Kafka is down or the
 * process dies first, the events stay in the document and the relay publishes them later.
 *
 * <p>Updates are optimistic: the write matches the version that was read, so a concurrent change makes
 * it fail with {@link OptimisticLockingFailureException} instead of overwriting. Updates never rewrite the
 * {@code outbox} array; they append to it.
 */
public class OutboxStore {

    private static final String ID_FIELD = "_id";

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final EventCodec codec;
    private final TraceparentSource traceparent;
    private final String service;
    private final String source;
    private final Clock clock;
    private final EmbeddedMongo embedded;
    private final boolean enforceContract;

    /**
     * @param enforceContract true (the default, {@code crm.events.contract=enforce}): a touch that breaks the touch
     *                        contract (a kind of another service, an undeclared attribute, a wrong type) is refused
     *                        with an {@link IllegalStateException} before anything is written; false only logs it
     */
    public OutboxStore(MongoTemplate mongo, OutboxRelay relay, EventCodec codec, TraceparentSource traceparent,
                       String serviceName, Clock clock, EmbeddedMongo embedded, boolean enforceContract) {
        this.mongo = mongo;
        this.relay = relay;
        this.codec = codec;
        this.traceparent = traceparent;
        this.service = serviceName;
        this.source = EventTypes.source(serviceName);
        this.clock = clock;
        this.embedded = embedded;
        this.enforceContract = enforceContract;
    }

    /** Inserts a new document with its events. Throws DuplicateKeyException when a unique index says no. */
    public <T extends OutboxDocument> T insert(T doc) {
        List<OutboxMessage> messages = toMessages(doc);
        doc.setOutbox(new ArrayList<>(messages));
        T saved = mongo.insert(doc);
        doc.clearEmitted();
        if (!messages.isEmpty()) {
            relay.publishSoon(mongo.getCollectionName(doc.getClass()), doc.getId());
        }
        return saved;
    }

    /** Attempts of a {@link #change} that keeps meeting concurrent writes before their conflict is thrown. */
    public static final int CHANGE_ATTEMPTS = 8;

    /**
     * Reads the document, applies {@code change} and {@link #update}s it; when another write got there first, reads
     * it again and re-applies the change, up to {@value #CHANGE_ATTEMPTS} times, then throws the conflict (a
     * consumer's error handler then retries the record). {@code change} answers false when it has nothing to do:
     * nothing is written.
     *
     * @return the saved document, or the unchanged one when {@code change} answered false; empty when there is none
     */
    public <T extends OutboxDocument> Optional<T> change(Class<T> type, String id, Predicate<T> change) {
        return change(type, id, null, change);
    }

    /** {@link #change(Class, String, Predicate)} starting from {@code found}, a copy just read (saves one read). */
    public <T extends OutboxDocument> Optional<T> change(Class<T> type, T found, Predicate<T> change) {
        return change(type, found.getId(), found, change);
    }

    private <T extends OutboxDocument> Optional<T> change(Class<T> type, String id, T found, Predicate<T> change) {
        for (int attempt = 1; ; attempt++) {
            T doc = attempt == 1 && found != null ? found : mongo.findById(id, type);
            if (doc == null) {
                return Optional.empty();
            }
            if (!change.test(doc)) {
                return Optional.of(doc);
            }
            try {
                return Optional.of(update(doc));
            } catch (OptimisticLockingFailureException concurrent) {
                if (attempt == CHANGE_ATTEMPTS) {
                    throw concurrent;
                }
            }
        }
    }

    /**
     * Writes the document's state where its version is still the one that was read, appends its new events
     * to the outbox, and increments the version.
     *
     * @throws OptimisticLockingFailureException when the document changed (or vanished) since it was read
     */
    public <T extends OutboxDocument> T update(T doc) {
        if (doc.getId() == null || doc.getVersion() == null) {
            throw new IllegalArgumentException("update needs a document that was read: id and version are set");
        }
        MongoPersistentEntity<?> entity = mongo.getConverter().getMappingContext().getRequiredPersistentEntity(doc.getClass());
        Document bson = new Document();
        mongo.getConverter().write(doc, bson);

        Update update = new Update();
        entity.doWithProperties((PropertyHandler<MongoPersistentProperty>) property -> {
            String field = property.getFieldName();
            if (property.isIdProperty() || property.isVersionProperty() || !property.isWritable()
                    || OutboxDocument.OUTBOX_FIELD.equals(field) || OutboxDocument.PARKED_FIELD.equals(field)) {
                return; // identity, version, read-only and outbox fields are never rewritten by a save
            }
            if (bson.containsKey(field)) {
                update.set(field, bson.get(field));
            } else {
                update.unset(field);
            }
        });
        if (bson.containsKey("_class")) {
            update.set("_class", bson.get("_class"));
        }
        List<OutboxMessage> messages = toMessages(doc);
        if (!messages.isEmpty()) {
            update.push(OutboxDocument.OUTBOX_FIELD).each(messages.toArray());
        }
        update.inc(OutboxDocument.VERSION_FIELD, 1);

        String collection = entity.getCollection();
        embedded.ensureIdVersionIndex(collection);
        Query match = Query.query(Criteria.where(ID_FIELD).is(doc.getId()).and(OutboxDocument.VERSION_FIELD).is(doc.getVersion()));
        if (mongo.updateFirst(match, update, collection).getMatchedCount() == 0) {
            throw new OptimisticLockingFailureException(
                    "%s %s changed since version %d was read".formatted(collection, doc.getId(), doc.getVersion()));
        }
        doc.setVersion(doc.getVersion() + 1);
        doc.clearEmitted();
        if (!messages.isEmpty()) {
            relay.publishSoon(collection, doc.getId());
        }
        return doc;
    }

    private void checkContract(Touch touch) {
        List<String> violations = TouchContract.violations(touch, service);
        if (violations.isEmpty()) {
            return;
        }
        if (enforceContract) {
            throw new IllegalStateException("touch refused, it breaks the touch contract (docs/touches.md): " + violations);
        }
        org.slf4j.LoggerFactory.getLogger(OutboxStore.class).warn("touch breaks the touch contract: {}", violations);
    }

    private List<OutboxMessage> toMessages(OutboxDocument doc) {
        String trace = traceparent.current();
        List<OutboxMessage> messages = new ArrayList<>(doc.emitted().size());
        for (OutboxDocument.Emitted e : doc.emitted()) {
            String type = switch (e.payload()) {
                case Touch t -> {
                    checkContract(t);
                    yield EventTypes.touchV1(t.kind());
                }
                case CustomerProfile p -> EventTypes.CUSTOMER_PROFILE_V1;
                case null -> null;
                default -> throw new IllegalArgumentException("cannot emit " + e.payload().getClass());
            };
            String data = e.payload() == null ? null : new String(codec.writeData(e.payload()), java.nio.charset.StandardCharsets.UTF_8);
            messages.add(new OutboxMessage(UUID.randomUUID().toString(), e.topic(), e.key(), type, source, e.key(),
                    clock.instant(), trace, data));
        }
        return messages;
    }
}
