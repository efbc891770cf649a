package org.touchpoint.gateway.apikey;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.gateway.apikey.ApiKeyRequests.ApiKeyPageResponse;
import org.touchpoint.gateway.apikey.ApiKeyRequests.ApiKeyResponse;
import org.touchpoint.gateway.apikey.ApiKeyRequests.CreateApiKeyRequest;
import org.touchpoint.gateway.apikey.ApiKeyRequests.CreatedApiKeyResponse;
import org.touchpoint.gateway.apikey.ApiKeyRequests.RotateApiKeyRequest;
import org.touchpoint.gateway.apikey.ApiKeyRequests.RotatedApiKeyResponse;
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemException;
import org.touchpoint.gateway.usage.UsageProperties;
import org.touchpoint.gateway.usage.UsageRecorder;
import org.touchpoint.gateway.usage.UsageReport;
import reactor.core.publisher.Mono;

/**
 * Administration of partner API keys. Every call is authorised by {@link AdminApiAuthorizationFilter}
 * before it gets here.
 */
@RestController
@RequestMapping(ApiKeyAdminController.BASE_PATH)
class ApiKeyAdminController {

    static final String BASE_PATH = "/admin/api-keys";
    static final int MAX_LIMIT = 200;

    private final ApiKeyService keys;
    private final UsageRecorder usage;
    private final UsageProperties usageProperties;
    private final java.time.Clock clock;

    ApiKeyAdminController(ApiKeyService keys, UsageRecorder usage, UsageProperties usageProperties,
                          java.time.Clock clock) {
        this.keys = keys;
        this.usage = usage;
        this.usageProperties = usageProperties;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<CreatedApiKeyResponse>> create(@Valid @RequestBody CreateApiKeyRequest request) {
        return keys.create(request).map(created -> ResponseEntity
                .created(URI.create(BASE_PATH + "/" + created.id()))
                .cacheControl(CacheControl.noStore())
                .body(created));
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ApiKeyPageResponse> list(@RequestParam(defaultValue = "50") int limit,
                                  @RequestParam(required = false) @Nullable String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw badParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        PageCursor after = null;
        if (cursor != null && !cursor.isEmpty()) {
            after = PageCursor.decode(cursor).orElseThrow(() -> badParameter("cursor", "is not a valid cursor"));
        }
        return keys.list(after, limit);
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ApiKeyResponse> get(@PathVariable String id) {
        return keys.find(id).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> revoke(@PathVariable String id) {
        return keys.revoke(id)
                .map(revoked -> ResponseEntity.noContent().<Void>build())
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /**
     * A new secret for the key; the old one keeps working for {@code gracePeriod} (default 24 h). 200 with the
     * new secret (shown this once), 404 unknown id, 409 revoked or expired key, 400 bad grace period.
     */
    @PostMapping(path = "/{id}/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<RotatedApiKeyResponse>> rotate(@PathVariable String id,
                                                       @RequestBody(required = false) @Nullable RotateApiKeyRequest request) {
        return keys.rotate(id, request)
                .map(rotated -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(rotated))
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /**
     * Requests of the key per minute, route and status, {@code from} (inclusive) to {@code to} (exclusive),
     * ISO-8601 instants; default the last 24 hours. Counts reach the store within the usage flush interval.
     */
    @GetMapping(path = "/{id}/usage", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<UsageReport> usage(@PathVariable String id, @RequestParam(required = false) @Nullable String from,
                            @RequestParam(required = false) @Nullable String to) {
        java.time.Instant end = to == null ? clock.instant() : instant("to", to);
        java.time.Instant start = from == null ? end.minus(java.time.Duration.ofDays(1)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw badParameter("from", "must be before to");
        }
        if (java.time.Duration.between(start, end).compareTo(usageProperties.maxRange()) > 0) {
            throw badParameter("from", "the range may span at most " + usageProperties.maxRange().toDays() + " days");
        }
        return keys.find(id).switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(key -> usage.report(id, start, end));
    }

    private static java.time.Instant instant(String name, String value) {
        try {
            return java.time.Instant.parse(value);
        }
        catch (java.time.format.DateTimeParseException e) {
            throw badParameter(name, "must be an ISO-8601 instant, e.g. 2026-03-01T00:00:00Z");
        }
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.notFound("No API key with id " + id + "."));
    }

    private static ProblemException badParameter(String name, String message) {
        return new ProblemException(Problem.badRequest("The query parameter " + name + " is invalid.",
                List.of(new Problem.FieldError(name, message))));
    }
}
