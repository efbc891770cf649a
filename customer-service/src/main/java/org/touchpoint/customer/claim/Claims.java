package org.touchpoint.customer.claim;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.outbox.OutboxDocument;
import org.touchpoint.kit.outbox.OutboxStore;

/**
 * Unique values (a contact's primary email, an account's domain) as claim documents keyed by the value, so that
 * "is it taken?" is one read by {@code _id} however many owners there are, and taking it is one insert whose
 * duplicate {@code _id} says no. The claim and its owner are two documents written without a transaction, so the
 * order of the writes carries the guarantee:
 *
 * <ol>
 *   <li>{@link #claim} first: the claim names its owner and the version the owner will have once the write that gives
 *   it the value has landed ({@code ownerVersion}: 0 for an insert, the version read + 1 for an update);</li>
 *   <li>then the owner's own write (its insert, or its update matching the version read);</li>
 *   <li>then {@link #release} of the value it no longer holds, or {@link #abandon} of the claim when its write failed.</li>
 * </ol>
 *
 * A claim found in the way is judged by reading its owner (by {@code _id}): the owner <b>holds</b> the value (live,
 * with that value): taken. The owner reached {@code ownerVersion} without holding it (it moved on, was deleted, or its
 * write lost a race): the claim is <b>stale</b>, free to take. The owner has not reached {@code ownerVersion}: its write
 * may still land, so the claim is <b>pending</b>: taken while it is young ({@link #PENDING_GRACE}); past that (its writer
 * crashed), it is taken over only after <b>fencing</b> the owner, a write that makes the pending one impossible: a
 * deleted placeholder at the owner's {@code _id} when the pending write was an insert, a version bump when it was an
 * update. If the pending write lands first, the fence fails and the owner holds the value. So no two live owners ever
 * hold one value, and a crash leaves at worst a stale or pending claim, taken over by the next one who asks.
 *
 * <p>Every read and compare-and-set is by {@code _id} or {@code (_id, token)} (a unique index on the embedded store).
 */
public final class Claims<T extends OutboxDocument> {

    private static final Logger log = LoggerFactory.getLogger(Claims.class);

    /** How long a pending claim is left to its writer: a write is in flight for milliseconds, not for this long. */
    public static final Duration PENDING_GRACE = Duration.ofSeconds(30);
    static final String FENCED = "fenced";
    private static final String DELETED = "deleted";
    private static final int ROUNDS = 8;

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final EmbeddedMongo embedded;
    private final Clock clock;
    private final String kind;
    private final String owners;
    private final String valueField;
    private final Function<T, String> valueOf;
    private volatile boolean indexed;

    /**
     * @param kind       the prefix of the claim ids, e.g. {@code email}
     * @param ownerType  the owners' document type: a live owner has {@code deleted != true}
     * @param valueField the owner's field that holds the normalised value, e.g. {@code primaryEmailKey}
     * @param valueOf    that field's value on an owner in memory
     */
    public Claims(MongoTemplate mongo, OutboxStore store, EmbeddedMongo embedded, Clock clock, String kind,
                  Class<T> ownerType, String valueField, Function<T, String> valueOf) {
        this.mongo = mongo;
        this.store = store;
        this.embedded = embedded;
        this.clock = clock;
        this.kind = kind;
        this.owners = mongo.getCollectionName(ownerType);
        this.valueField = valueField;
        this.valueOf = valueOf;
    }

    /**
     * Inserts a new owner with its events ({@link OutboxStore#insert}), its value claimed first.
     *
     * @throws ClaimedByAnother when another owner holds the value (or is taking it right now): nothing is written
     */
    public T insert(T owner) {
        String value = valueOf.apply(owner);
        Claim claim = value == null ? null : claim(value, owner.getId(), 0);
        try {
            return store.insert(owner);
        } catch (RuntimeException failed) {
            abandon(claim, failed);
            throw failed;
        }
    }

    /**
     * Writes an owner that was read and then changed ({@link OutboxStore#update}, where its version is still the one
     * read): a new value is claimed first, the value it gave up is released after.
     *
     * @param valueBefore the owner's value as read, before the change
     * @throws ClaimedByAnother when the change gives it a value another owner holds: nothing is written
     */
    public T update(T owner, String valueBefore) {
        String after = valueOf.apply(owner);
        boolean moved = after == null ? valueBefore != null : !after.equals(valueBefore);
        Claim claim = moved && after != null ? claim(after, owner.getId(), owner.getVersion() + 1) : null;
        try {
            store.update(owner);
        } catch (RuntimeException failed) {
            abandon(claim, failed);
            throw failed;
        }
        if (moved && valueBefore != null) {
            release(valueBefore, owner.getId());
        }
        return owner;
    }

    /**
     * Claims a normalised value for {@code ownerId}, before the owner's write that gives it the value.
     *
     * @param ownerVersion the owner's version once that write has landed: 0 for its insert, the version read + 1
     * @return the claim, to {@link #abandon} if the owner's write fails
     * @throws ClaimedByAnother when another owner holds the value, or its write that takes it is in flight
     */
    public Claim claim(String value, String ownerId, long ownerVersion) {
        String id = kind + ":" + value;
        for (int round = 1; round <= ROUNDS; round++) {
            Claim found = mongo.findById(id, Claim.class);
            Claim mine = new Claim(id, ownerId, ownerVersion, clock.instant(), UUID.randomUUID().toString());
            if (found == null) {
                try {
                    return mongo.insert(mine);
                } catch (DuplicateKeyException raced) {
                    continue;
                }
            }
            if (!found.owner().equals(ownerId)) {
                switch (state(found, value)) {
                    case HELD -> throw new ClaimedByAnother(value, found.owner(), true);
                    case PENDING -> throw new ClaimedByAnother(value, found.owner(), false);
                    case EXPIRED -> {
                        if (!fence(found)) {
                            continue; // its write landed meanwhile: judge it again
                        }
                    }
                    case STALE -> {
                    }
                }
            }
            // Free, or already this owner's (a retry of its write): ours, unless it changed since we read it.
            if (mongo.replace(byToken(found), mine).getMatchedCount() == 1) {
                return mine;
            }
        }
        throw new OptimisticLockingFailureException("claim " + id + " kept changing under us");
    }

    /**
     * The owner's write failed: its claim goes, unless somebody took it over or the owner holds the value after all.
     * Only when the failure is certain (the write did not land and never will: a duplicate key, a version that did not
     * match, a refusal before writing); after a timeout the write may still land, and the claim stays for the next
     * claimer to judge. Never throws: the failure of the write is what the caller reports.
     */
    public void abandon(Claim claim, RuntimeException failure) {
        if (claim == null || !certain(failure)) {
            return;
        }
        try {
            Claim found = mongo.findById(claim.id(), Claim.class);
            if (found != null && found.token().equals(claim.token()) && !holds(owner(found.owner()), value(found))) {
                mongo.remove(byToken(found), Claim.class);
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * After the owner's write that took it off {@code value} (a new value, a deletion): its claim goes if it is stale.
     * Never throws: the write is done, and a stale claim left behind is taken over by the next claimer anyway.
     */
    public void release(String value, String ownerId) {
        try {
            Claim found = mongo.findById(kind + ":" + value, Claim.class);
            if (found != null && found.owner().equals(ownerId) && state(found, value) == State.STALE) {
                mongo.remove(byToken(found), Claim.class);
            }
        } catch (RuntimeException e) {
            log.warn("Claim {}:{} of {} not released (the next claimer will find it stale): {}", kind, value, ownerId, e.toString());
        }
    }

    String kind() {
        return kind;
    }

    String owners() {
        return owners;
    }

    String valueField() {
        return valueField;
    }

    // ------------------------------------------------------------------ judging a claim

    enum State { HELD, STALE, PENDING, EXPIRED }

    State state(Claim claim, String value) {
        Document owner = owner(claim.owner());
        if (holds(owner, value)) {
            return State.HELD;
        }
        long version = owner == null ? -1 : ((Number) owner.getOrDefault(OutboxDocument.VERSION_FIELD, 0L)).longValue();
        if (version >= claim.ownerVersion() || (owner == null && claim.ownerVersion() > 0)) {
            return State.STALE; // the write that gave it the value landed and was undone, or can no longer land
        }
        return claim.at().plus(PENDING_GRACE).isAfter(clock.instant()) ? State.PENDING : State.EXPIRED;
    }

    private Document owner(String ownerId) {
        Query byId = Query.query(Criteria.where("_id").is(ownerId));
        byId.fields().include(OutboxDocument.VERSION_FIELD, DELETED, valueField);
        return mongo.findOne(byId, Document.class, owners);
    }

    private boolean holds(Document owner, String value) {
        return owner != null && !Boolean.TRUE.equals(owner.get(DELETED)) && value.equals(owner.get(valueField));
    }

    /** Makes the owner's pending write impossible; false when it landed first. */
    private boolean fence(Claim claim) {
        if (claim.ownerVersion() == 0) {
            try {
                mongo.insert(new Document("_id", claim.owner()).append(OutboxDocument.VERSION_FIELD, 0L).append(DELETED, true)
                        .append(FENCED, true), owners);
                log.warn("Claim {} expired before its owner was created: {} fenced off", claim.id(), claim.owner());
                return true;
            } catch (DuplicateKeyException landed) {
                return false;
            }
        }
        Query pendingVersion = Query.query(Criteria.where("_id").is(claim.owner())
                .and(OutboxDocument.VERSION_FIELD).is(claim.ownerVersion() - 1));
        embedded.ensureIdVersionIndex(owners);
        boolean fenced = mongo.updateFirst(pendingVersion, new Update().inc(OutboxDocument.VERSION_FIELD, 1), owners)
                .getMatchedCount() == 1;
        if (fenced) {
            log.warn("Claim {} expired before its owner's update landed: {} moved past version {}", claim.id(), claim.owner(),
                    claim.ownerVersion() - 1);
        }
        return fenced;
    }

    private String value(Claim claim) {
        return claim.id().substring(kind.length() + 1);
    }

    private Query byToken(Claim claim) {
        ensureIndex();
        return Query.query(Criteria.where("_id").is(claim.id()).and(Claim.TOKEN).is(claim.token()));
    }

    private static boolean certain(RuntimeException failure) {
        return failure instanceof DuplicateKeyException || failure instanceof OptimisticLockingFailureException
                || !(failure instanceof DataAccessException);
    }

    /** On the embedded store a compare-and-set on {@code (_id, token)} is an index lookup only with this unique index. */
    private void ensureIndex() {
        if (!indexed) {
            if (embedded.isEmbedded()) {
                mongo.indexOps(Claim.class).createIndex(new Index().on("_id", Sort.Direction.ASC).on(Claim.TOKEN, Sort.Direction.ASC)
                        .unique().named("_id_token"));
            }
            indexed = true;
        }
    }
}
