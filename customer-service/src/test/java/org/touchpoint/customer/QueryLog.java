package org.touchpoint.customer;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Every filter the service sends to MongoDB from a request thread (the write path itself, not the relay nor the
 * consumers: Tomcat's request threads), so that a test can say which of them is not a read by {@code _id}: on the embedded store every other
 * query scans the collection.
 */
@TestConfiguration(proxyBeanMethods = false)
public class QueryLog {

    /** One filter: the command, its collection, the fields it names, the filter itself. */
    public record Filter(String command, String collection, Set<String> fields, String filter) {

        /** By {@code _id} (a value or {@code $in}), possibly with {@code version} or {@code token}: a unique index answers it. */
        public boolean byId() {
            return fields.contains("_id") && (fields.equals(Set.of("_id")) || fields.equals(Set.of("_id", "version"))
                    || fields.equals(Set.of("_id", "token")));
        }
    }

    private final List<Filter> filters = new CopyOnWriteArrayList<>();

    @Bean
    MongoClientSettingsBuilderCustomizer queryLogging() {
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                String thread = Thread.currentThread().getName();
                if (thread.startsWith("tomcat-handler") || thread.startsWith("http-nio")) {
                    record(event.getCommandName(), event.getCommand());
                }
            }
        };
        return settings -> settings.addCommandListener(listener);
    }

    /** Runs the calls and answers the filters they sent. */
    public List<Filter> during(Runnable calls) {
        filters.clear();
        calls.run();
        return List.copyOf(filters);
    }

    private void record(String command, BsonDocument body) {
        String collection = body.containsKey(command) && body.get(command).isString() ? body.getString(command).getValue() : null;
        List<BsonDocument> found = new ArrayList<>();
        switch (command) {
            case "find", "count", "distinct" -> found.add(body.getDocument(command.equals("find") ? "filter" : "query", new BsonDocument()));
            case "findAndModify" -> found.add(body.getDocument("query", new BsonDocument()));
            case "update", "delete" -> body.getArray(command.equals("update") ? "updates" : "deletes")
                    .forEach(u -> found.add(u.asDocument().getDocument("q")));
            case "aggregate" -> body.getArray("pipeline").stream().map(BsonValue::asDocument).filter(s -> s.containsKey("$match"))
                    .findFirst().ifPresentOrElse(s -> found.add(s.getDocument("$match")), () -> found.add(new BsonDocument()));
            default -> {
                return; // inserts, index and server commands name no filter
            }
        }
        found.forEach(f -> filters.add(new Filter(command, collection, Set.copyOf(f.keySet()), f.toJson())));
    }
}
