package org.touchpoint.customer.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.kit.test.TestInfrastructure;

/**
 * The claim protocol on mongo-java-server, without Spring: owners are written by hand, step by step, so that every
 * interleaving of a claim and its owner's write (landed, lost, crashed, late) can be played exactly.
 */
class ClaimsTest {

    /** An owner as the protocol sees it: a version, a deleted flag and the value it holds. */
    @org.springframework.data.mongodb.core.mapping.Document("owners")
    static class Owner extends OutboxDocument {
        String email;

        String email() {
            return email;
        }
    }

    private static MongoClient client;
    private MongoTemplate mongo;
    private String database;
    private Instant now = Instant.parse("2026-11-20T10:00:00Z");
    private Claims<Owner> claims;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestInfrastructure.mongoUri());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @BeforeEach
    void setUp() {
        database = "claims_" + UUID.randomUUID().toString().replace("-", "");
        mongo = new MongoTemplate(client, database);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        claims = new Claims<>(mongo, null, new EmbeddedMongo(mongo, "auto"), clock, "email", Owner.class, "email", Owner::email);
    }

    @AfterEach
    void dropDatabase() {
        client.getDatabase(database).drop();
    }

    // ------------------------------------------------------------------ the owners' own writes, by hand

    private void insertOwner(String id, String email) {
        mongo.insert(new Document("_id", id).append("version", 0L).append("email", email), "owners");
    }

    /** The owner's optimistic update: lands only where its version is still {@code readVersion}. */
    private boolean updateOwner(String id, long readVersion, Update change) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("version").is(readVersion)),
                change.inc("version", 1), "owners").getMatchedCount() == 1;
    }

    private Claim stored(String email) {
        return mongo.findById("email:" + email, Claim.class);
    }

    private void later(Duration d) {
        now = now.plus(d);
    }

    private ClaimedByAnother refusal(String email, String owner, long version) {
        try {
            claims.claim(email, owner, version);
        } catch (ClaimedByAnother refused) {
            return refused;
        }
        throw new AssertionError(email + " was claimed by " + owner);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aValueHeldByALiveOwnerIsRefusedToAnother() {
        claims.claim("ana@x.example", "o_1", 0);
        insertOwner("o_1", "ana@x.example");
        later(Duration.ofDays(1));

        ClaimedByAnother refused = refusal("ana@x.example", "o_2", 0);
        assertThat(refused.holder()).isEqualTo("o_1");
        assertThat(refused.held()).isTrue();
    }

    @Test
    void aClaimWhoseOwnerIsStillBeingWrittenIsRefusedWhileItIsYoung() {
        claims.claim("ana@x.example", "o_1", 0);
        later(Claims.PENDING_GRACE.minusSeconds(1));
        ClaimedByAnother refused = refusal("ana@x.example", "o_2", 0);
        assertThat(refused.held()).as("in flight, not held yet").isFalse();
    }

    @Test
    void theClaimOfADeletedOwnerIsTakenAtOnce() {
        claims.claim("ana@x.example", "o_1", 0);
        insertOwner("o_1", "ana@x.example");
        assertThat(updateOwner("o_1", 0, new Update().set("deleted", true).unset("email"))).isTrue();
        // As if the process died before releasing the claim: it names an owner that no longer holds the value.

        Claim taken = claims.claim("ana@x.example", "o_2", 0);
        assertThat(stored("ana@x.example")).isEqualTo(taken);
        assertThat(taken.owner()).isEqualTo("o_2");
    }

    @Test
    void theClaimOfAnOwnerThatMovedToAnotherValueIsTakenAtOnce() {
        claims.claim("ana@x.example", "o_1", 0);
        insertOwner("o_1", "ana@x.example");
        claims.claim("ana@y.example", "o_1", 1);
        assertThat(updateOwner("o_1", 0, new Update().set("email", "ana@y.example"))).isTrue();

        assertThat(claims.claim("ana@x.example", "o_2", 0).owner()).isEqualTo("o_2");
        assertThat(refusal("ana@y.example", "o_2", 0).holder()).isEqualTo("o_1");
    }

    @Test
    void anUpdateThatLostItsRaceLeavesAClaimThatIsFree() {
        insertOwner("o_1", "old@x.example");
        claims.claim("new@x.example", "o_1", 1);
        assertThat(updateOwner("o_1", 0, new Update().set("title", "another writer's change"))).isTrue();
        // o_1's own update (matching version 0) can no longer land: its claim on new@ names a version o_1 passed.

        assertThat(claims.claim("new@x.example", "o_2", 0).owner()).isEqualTo("o_2");
    }

    @Test
    void aCrashedCreationIsFencedOffOnceItsClaimExpiredAndItsLateInsertFails() {
        claims.claim("ana@x.example", "o_1", 0); // ... and the process dies before inserting o_1
        assertThat(refusal("ana@x.example", "o_2", 0).held()).isFalse();

        later(Claims.PENDING_GRACE.plusSeconds(1));
        assertThat(claims.claim("ana@x.example", "o_2", 0).owner()).isEqualTo("o_2");

        Document placeholder = mongo.findById("o_1", Document.class, "owners");
        assertThat(placeholder).containsEntry("deleted", true).containsEntry(Claims.FENCED, true);
        assertThatThrownBy(() -> insertOwner("o_1", "ana@x.example")).as("the late insert").isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void aCrashedUpdateIsFencedOffOnceItsClaimExpiredAndItsLateWriteFails() {
        insertOwner("o_1", "old@x.example");
        claims.claim("new@x.example", "o_1", 1); // ... and the update (matching version 0) is stuck or lost

        later(Claims.PENDING_GRACE.plusSeconds(1));
        assertThat(claims.claim("new@x.example", "o_2", 0).owner()).isEqualTo("o_2");

        assertThat(updateOwner("o_1", 0, new Update().set("email", "new@x.example"))).as("the late update").isFalse();
        assertThat(mongo.findById("o_1", Document.class, "owners")).containsEntry("email", "old@x.example");
    }

    @Test
    void aSlowWriteThatLandsBeforeTheFenceKeepsItsValue() {
        insertOwner("o_1", "old@x.example");
        claims.claim("new@x.example", "o_1", 1);
        later(Claims.PENDING_GRACE.plusSeconds(1));
        assertThat(updateOwner("o_1", 0, new Update().set("email", "new@x.example"))).isTrue();

        assertThat(refusal("new@x.example", "o_2", 0).held()).isTrue();
    }

    @Test
    void theSameOwnerClaimingAgainTakesItsClaimOver() {
        Claim first = claims.claim("ana@x.example", "o_1", 0); // a delivery that crashed before inserting o_1
        Claim again = claims.claim("ana@x.example", "o_1", 0); // its redelivery
        assertThat(again.token()).isNotEqualTo(first.token());
        assertThat(stored("ana@x.example")).isEqualTo(again);
    }

    @Test
    void aFailedWriteAbandonsItsClaimOnlyWhenTheFailureIsCertain() {
        Claim timedOut = claims.claim("ana@x.example", "o_1", 0);
        claims.abandon(timedOut, new DataAccessResourceFailureException("timeout: the insert may still land"));
        assertThat(stored("ana@x.example")).as("kept: the write may land").isEqualTo(timedOut);

        claims.abandon(timedOut, new DuplicateKeyException("o_1 exists"));
        assertThat(stored("ana@x.example")).isNull();
    }

    @Test
    void abandoningLeavesAClaimThatWasTakenOverOrThatTheOwnerHolds() {
        insertOwner("o_1", "old@x.example");
        Claim mine = claims.claim("new@x.example", "o_1", 1);
        Claim concurrent = claims.claim("new@x.example", "o_1", 1); // another request on o_1, same change
        assertThat(updateOwner("o_1", 0, new Update().set("email", "new@x.example"))).isTrue(); // the other one landed

        claims.abandon(mine, new OptimisticLockingFailureException("mine lost"));
        claims.abandon(concurrent, new OptimisticLockingFailureException("as if"));
        assertThat(stored("new@x.example")).isEqualTo(concurrent);
        assertThat(refusal("new@x.example", "o_2", 0).holder()).isEqualTo("o_1");
    }

    @Test
    void releaseRemovesOnlyAStaleClaimOfThatOwner() {
        claims.claim("ana@x.example", "o_1", 0);
        insertOwner("o_1", "ana@x.example");
        claims.release("ana@x.example", "o_2");
        claims.release("ana@x.example", "o_1");
        assertThat(stored("ana@x.example")).as("o_1 still holds it").isNotNull();

        assertThat(updateOwner("o_1", 0, new Update().set("deleted", true).unset("email"))).isTrue();
        claims.release("ana@x.example", "o_1");
        assertThat(stored("ana@x.example")).isNull();
    }

    @Test
    void ownersWrittenBeforeTheClaimsExistedGetTheirClaimsOnceAtStartUp() {
        insertOwner("o_1", "ana@x.example");
        mongo.insert(new Document("_id", "o_2").append("version", 3L).append("deleted", true), "owners");
        mongo.insert(new Document("_id", "o_3").append("version", 0L), "owners");
        insertOwner("o_4", "luis@x.example");
        claims.claim("luis@x.example", "o_5", 0); // claimed by a live write meanwhile: stays its claim
        ClaimsBackfill backfill = new ClaimsBackfill(mongo, List.of(claims), Clock.fixed(now, ZoneOffset.UTC));

        assertThat(backfill.backfill(claims)).isEqualTo(1);
        assertThat(stored("ana@x.example").owner()).isEqualTo("o_1");
        assertThat(stored("luis@x.example").owner()).isEqualTo("o_5");
        assertThat(refusal("ana@x.example", "o_6", 0).held()).isTrue();

        insertOwner("o_7", "eva@x.example");
        assertThat(backfill.backfill(claims)).as("done once").isZero();
        assertThat(stored("eva@x.example")).isNull();
    }

    @Test
    void ofManyConcurrentClaimsOfAFreeValueExactlyOneWins() throws Exception {
        int claimants = 8;
        List<Future<Claim>> attempts = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < claimants; i++) {
                String owner = "o_" + i;
                attempts.add(threads.submit(() -> {
                    start.await();
                    try {
                        return claims.claim("ana@x.example", owner, 0);
                    } catch (ClaimedByAnother refused) {
                        return null;
                    }
                }));
            }
            start.countDown();
        }
        List<Claim> won = new ArrayList<>();
        for (Future<Claim> attempt : attempts) {
            if (attempt.get() != null) {
                won.add(attempt.get());
            }
        }
        assertThat(won).hasSize(1);
        assertThat(stored("ana@x.example")).isEqualTo(won.getFirst());
    }
}
