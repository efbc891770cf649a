package org.touchpoint.customer.account;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.customer.claim.Claims;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.outbox.OutboxStore;

/**
 * A domain belongs to one live account: claims keyed by {@code domain:<lower-cased domain>}. Creating, replacing and
 * deleting an account go through {@code Claims<Account>}.
 */
@Configuration(proxyBeanMethods = false)
class Domains {

    @Bean
    Claims<Account> domainClaims(MongoTemplate mongo, OutboxStore store, EmbeddedMongo embedded, Clock clock) {
        return new Claims<>(mongo, store, embedded, clock, "domain", Account.class, "domainKey", Account::domainKey);
    }
}
