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

    /** The name of the account, unless it does not exist or was deleted. One read by {@code _id}. */
    public Optional<String> liveAccountName(String accountId) {
        Query byId = Query.query(Criteria.where("_id").is(accountId));
        byId.fields().include("name", "deleted");
        return Optional.ofNullable(mongo.findOne(byId, Account.class)).filter(a -> !a.deleted()).map(Account::name);
    }
}
