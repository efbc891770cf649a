package org.touchpoint.customer.account;

import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** What other features may ask about accounts: does one exist, and what is it called. */
@Component
public class AccountDirectory {

    private final MongoTemplate mongo;

    AccountDirectory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<String> liveAccountName(String accountId) {
        Query q = Query.query(Criteria.where("_id").is(accountId).and("deleted").ne(true));
        q.fields().include("name");
        return Optional.ofNullable(mongo.findOne(q, Account.class)).map(Account::name);
    }
}
