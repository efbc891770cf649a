package org.touchpoint.marketing.message;

import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.outbox.OutboxStore;

/** Applies a change to one message and writes it with its touches ({@link OutboxStore#change}: re-read when a concurrent change won). */
@Component
public class Messages {

    private final MongoTemplate mongo;
    private final OutboxStore store;

    Messages(MongoTemplate mongo, OutboxStore store) {
        this.mongo = mongo;
        this.store = store;
    }

    public Optional<Message> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Message.class));
    }

    /**
     * Runs {@code change} on the current message and saves it when it returns true.
     * @return the message after the change, or empty if there is no such message
     */
    public Optional<Message> change(String id, Predicate<Message> change) {
        return store.change(Message.class, id, change);
    }
}
