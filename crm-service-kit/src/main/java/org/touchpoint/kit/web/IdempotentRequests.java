package org.touchpoint.kit.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.touchpoint.kit.security.CrmPrincipal;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on POST, so a partner can retry safely (Stripe semantics): the first request with a
 * key runs and its response is kept for {@code ttl}; a retry with the same key and the same body gets the
 * same response again (header {@code Idempotent-Replayed: true}) and changes nothing; the same key with a
 * different body is 422; a retry while the first is still running is 409. Keys are scoped to the caller
 * and the endpoint. A failed first attempt (4xx/5xx) leaves nothing behind, so it can be retried; one whose
 * process died is taken over by a retry once its lock ({@value #LOCK_SECONDS} s) has expired.
 */
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final String COLLECTION = "idempotency_keys";
    /** Per created resource ({@code _id} = SHA-256 of its Location), the keys whose kept response created it. */
    static final String LOCATIONS = "idempotency_locations";
    static final int LOCK_SECONDS = 60;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IdempotentRequests.class);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final MongoTemplate mongo;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration ttl;
    private final org.touchpoint.kit.folding.EmbeddedMongo embedded;

    public IdempotentRequests(MongoTemplate mongo, JsonMapper json, Clock clock, Duration ttl,
                              org.touchpoint.kit.folding.EmbeddedMongo embedded) {
        this.mongo = mongo;
        this.json = json;
        this.clock = clock;
        this.ttl = ttl;
        this.embedded = embedded;
        mongo.indexOps(COLLECTION).createIndex(new Index("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO).named("expiry"));
        mongo.indexOps(LOCATIONS).createIndex(new Index("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO).named("expiry"));
    }

    public <T> ResponseEntity<T> execute(String key, Object requestBody, Class<T> responseType, Supplier<ResponseEntity<T>> action) {
        if (key == null) {
            return action.get();
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw CrmApiException.badRequest(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        CrmPrincipal principal = CrmPrincipal.current().orElse(null);
        String scope = (principal == null ? "anonymous" : principal.subject()) + " " + request.getMethod() + " " + request.getRequestURI();
        String id = sha256(scope + "\n" + key);
        String fingerprint = sha256(new String(json.writeValueAsBytes(requestBody), StandardCharsets.UTF_8));

        Instant now = clock.instant();
        try {
            mongo.insert(new Document("_id", id).append("version", 0L).append("fingerprint", fingerprint).append("state", "running")
                    .append("lockedUntil", now.plusSeconds(LOCK_SECONDS)).append("createdAt", now)
                    .append("expiresAt", now.plus(ttl)), COLLECTION);
        } catch (DuplicateKeyException seen) {
            if (!takeOverAbandoned(id, fingerprint, now)) {
                return replay(id, fingerprint, responseType);
            }
        }

        ResponseEntity<T> response;
        try {
            response = action.get();
        } catch (RuntimeException | Error e) {
            mongo.remove(Query.query(Criteria.where("_id").is(id)), COLLECTION);
            throw e;
        }
        if (!response.getStatusCode().is2xxSuccessful()) {
            mongo.remove(Query.query(Criteria.where("_id").is(id)), COLLECTION);
            return response;
        }
        Update done = new Update().set("state", "done").set("status", response.getStatusCode().value())
                .set("body", response.getBody() == null ? null : new String(json.writeValueAsBytes(response.getBody()), StandardCharsets.UTF_8));
        if (response.getHeaders().getLocation() != null) {
            String location = response.getHeaders().getLocation().toString();
            done.set("location", location);
            // So that deleting the resource finds the kept responses that created it by _id (redactResource).
            mongo.upsert(Query.query(Criteria.where("_id").is(sha256(location))),
                    new Update().addToSet("keys", id).set("expiresAt", now.plus(ttl)), LOCATIONS);
        }
        if (response.getHeaders().getETag() != null) {
            done.set("etag", response.getHeaders().getETag());
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), done, COLLECTION);
                break;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    // The work is done; only its replay record is missing. A retry after the lock expires re-runs it.
                    log.error("Could not record the response for Idempotency-Key record {}", id, e);
                }
            }
        }
        return response;
    }

    /**
     * A first attempt whose process died leaves a running record; once its lock expires, a retry takes it over. Read by
     * {@code _id}, taken with a write matching the version read (an {@code _id} lookup on the embedded server too).
     */
    private boolean takeOverAbandoned(String id, String fingerprint, Instant now) {
        Document record = mongo.findById(id, Document.class, COLLECTION);
        if (record == null || !"running".equals(record.getString("state")) || !fingerprint.equals(record.getString("fingerprint"))) {
            return false;
        }
        Object locked = record.get("lockedUntil");
        Instant until = locked instanceof java.util.Date d ? d.toInstant() : locked instanceof Instant i ? i : null;
        if (until == null || !until.isBefore(now)) {
            return false;
        }
        embedded.ensureIdVersionIndex(COLLECTION);
        Object version = record.get("version");
        Criteria same = Criteria.where("_id").is(id);
        same = version instanceof Number v ? same.and("version").is(v.longValue()) : same.and("version").exists(false);
        return mongo.updateFirst(Query.query(same), new Update().set("lockedUntil", now.plusSeconds(LOCK_SECONDS)).inc("version", 1L),
                COLLECTION).getModifiedCount() == 1;
    }

    /**
     * Drops the kept bodies of responses that created a resource (its {@code Location}), when the resource is
     * deleted: a replay still says the request succeeded and where, but hands back no personal data the service
     * no longer holds.
     */
    public void redactResource(String location) {
        Document keys = mongo.findById(sha256(location), Document.class, LOCATIONS);
        if (keys != null && !keys.getList("keys", String.class, java.util.List.of()).isEmpty()) {
            mongo.updateMulti(Query.query(Criteria.where("_id").in(keys.getList("keys", String.class))), new Update().unset("body"), COLLECTION);
        }
    }

    private <T> ResponseEntity<T> replay(String id, String fingerprint, Class<T> responseType) {
        Document first = mongo.findById(id, Document.class, COLLECTION);
        if (first == null) {
            throw CrmApiException.conflict("a request with this Idempotency-Key failed a moment ago; retry");
        }
        if (!fingerprint.equals(first.getString("fingerprint"))) {
            throw CrmApiException.unprocessable(HEADER, "was already used with a different request body");
        }
        if (!"done".equals(first.getString("state"))) {
            throw CrmApiException.conflict("a request with this Idempotency-Key is still in progress; retry later");
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set(REPLAYED_HEADER, "true");
        if (first.getString("location") != null) {
            headers.set(HttpHeaders.LOCATION, first.getString("location"));
        }
        if (first.getString("etag") != null) {
            headers.setETag(first.getString("etag"));
        }
        String body = first.getString("body");
        T value = body == null ? null : json.readValue(body, responseType);
        return new ResponseEntity<>(value, headers, HttpStatus.valueOf(first.getInteger("status")));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
