package org.touchpoint.customer.claim;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One unique value held by one document, e.g. {@code _id = "email:jose.nunez@andina.example"}, owned by a contact.
 *
 * @param id           {@code <kind>:<normalised value>}
 * @param owner        the id of the document that holds (or is about to hold) the value
 * @param ownerVersion the version the owner has once the write that gives it the value has landed (0: its insert)
 * @param at           when this claim was written
 * @param token        new on every write of the claim: changes to it are compare-and-set on {@code (_id, token)}
 */
@Document(Claim.COLLECTION)
public record Claim(@Id String id, String owner, long ownerVersion, Instant at, String token) {

    static final String COLLECTION = "claims";
    static final String TOKEN = "token";
}
