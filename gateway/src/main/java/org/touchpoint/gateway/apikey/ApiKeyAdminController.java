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
import org.touchpoint.gateway.problem.Problem;
import org.touchpoint.gateway.problem.ProblemException;
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

    ApiKeyAdminController(ApiKeyService keys) {
        this.keys = keys;
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

    private static ProblemException notFound(String id) {
        return new ProblemException(Problem.notFound("No API key with id " + id + "."));
    }

    private static ProblemException badParameter(String name, String message) {
        return new ProblemException(Problem.badRequest("The query parameter " + name + " is invalid.",
                List.of(new Problem.FieldError(name, message))));
    }
}
