package org.touchpoint.customer.contact;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.customer.claim.Claims;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.outbox.OutboxStore;

/**
 * A primary email belongs to one live contact: claims keyed by {@code email:<lower-cased address>}. Every write that
 * may give a contact a primary email or take it away (create, replace, delete, a converted lead) goes through
 * {@code Claims<Contact>}; writes that leave it as it is go straight through {@link OutboxStore}.
 */
@Configuration(proxyBeanMethods = false)
class PrimaryEmails {

    @Bean
    Claims<Contact> primaryEmailClaims(MongoTemplate mongo, OutboxStore store, EmbeddedMongo embedded, Clock clock) {
        return new Claims<>(mongo, store, embedded, clock, "email", Contact.class, "primaryEmailKey", Contact::primaryEmailKey);
    }
}
