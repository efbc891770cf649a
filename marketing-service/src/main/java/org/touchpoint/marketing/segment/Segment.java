package org.touchpoint.marketing.segment;

import java.time.Instant;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.kit.outbox.OutboxDocument;

/**
 * A group of customers: by rule (a JSON rule tree, membership kept up to date as touches and profiles arrive)
 * or static (ids given or imported). The rule is kept as its JSON text: it never becomes MongoDB field names.
 * Segments emit no touches; the outbox document gives them an optimistic version (ETag / If-Match).
 */
@Document("segments")
public class Segment extends OutboxDocument {

    public static final String RULE = "rule";
    public static final String STATIC = "static";

    private String name;
    private String description;
    private String type;
    private String ruleJson;
    private String createdBy;
    private Instant createdAt;
    private Instant updatedAt;

    Segment() {
    }

    static Segment create(String id, String name, String description, String type, String ruleJson, String actor, Instant now) {
        Segment s = new Segment();
        s.id = id;
        s.name = name;
        s.description = description;
        s.type = type;
        s.ruleJson = ruleJson;
        s.createdBy = actor;
        s.createdAt = now;
        s.updatedAt = now;
        return s;
    }

    void update(String name, String description, String ruleJson, Instant now) {
        this.name = name;
        this.description = description;
        if (RULE.equals(type)) {
            this.ruleJson = ruleJson;
        }
        this.updatedAt = now;
    }

    public String name() {
        return name;
    }

    String description() {
        return description;
    }

    public String type() {
        return type;
    }

    String ruleJson() {
        return ruleJson;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
