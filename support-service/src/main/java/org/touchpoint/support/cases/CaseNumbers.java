package org.touchpoint.support.cases;

import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Human case numbers ({@code CS-000123}) from a counter document, incremented atomically ($inc, upsert). */
@Component
class CaseNumbers {

    static final String COLLECTION = "counters";
    private final MongoTemplate mongo;

    CaseNumbers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    String next() {
        Document counter = mongo.findAndModify(Query.query(Criteria.where("_id").is("case-number")),
                new Update().inc("seq", 1L), FindAndModifyOptions.options().upsert(true).returnNew(true),
                Document.class, COLLECTION);
        long seq = ((Number) counter.get("seq")).longValue();
        return "CS-%06d".formatted(seq);
    }
}
