package org.touchpoint.kit.testapp;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Map;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.IdempotentRequests;
import org.touchpoint.kit.web.Page;
import org.touchpoint.kit.web.SafeKeys;

@RestController
@RequestMapping("/api/widgets")
class WidgetController {

    record WidgetRequest(@NotBlank @Size(max = 50) String name, @NotBlank String customerId, @Email String email,
                         @SafeKeys Map<String, Object> attributes, String note) {
    }

    record WidgetResponse(String id, String name, String customerId, String note, long version) {
        static WidgetResponse of(Widget w) {
            return new WidgetResponse(w.getId(), w.name(), w.customerId(), w.note(), w.getVersion());
        }
    }

    private final OutboxStore store;
    private final MongoTemplate mongo;
    private final IdempotentRequests idempotent;

    WidgetController(OutboxStore store, MongoTemplate mongo, IdempotentRequests idempotent) {
        this.store = store;
        this.mongo = mongo;
        this.idempotent = idempotent;
    }

    @PostMapping
    @RequiresScope("widgets:write")
    ResponseEntity<WidgetResponse> create(@Valid @RequestBody WidgetRequest request,
                                          @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, request, WidgetResponse.class, () -> {
            Widget w = store.insert(Widget.create(java.util.UUID.randomUUID().toString(), request.customerId(), request.name(), request.attributes()));
            return ResponseEntity.created(URI.create("/api/widgets/" + w.getId())).eTag(Etags.of(w.getVersion())).body(WidgetResponse.of(w));
        });
    }

    @GetMapping("/{id}")
    @RequiresScope("widgets:read")
    ResponseEntity<WidgetResponse> get(@PathVariable String id) {
        Widget w = find(id);
        return ResponseEntity.ok().eTag(Etags.of(w.getVersion())).body(WidgetResponse.of(w));
    }

    @GetMapping
    @RequiresScope("widgets:read")
    Page<WidgetResponse> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        Page.checkLimit(limit);
        Page.decodeCursor(cursor);
        return new Page<>(java.util.List.of(), null);
    }

    @PutMapping("/{id}")
    @RequiresScope("widgets:write")
    ResponseEntity<WidgetResponse> rename(@PathVariable String id, @Valid @RequestBody WidgetRequest request,
                                          @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Widget w = find(id);
        Etags.requireMatch(ifMatch, w.getVersion());
        w.rename(request.name(), request.note());
        store.update(w);
        return ResponseEntity.ok().eTag(Etags.of(w.getVersion())).body(WidgetResponse.of(w));
    }

    @GetMapping("/boom")
    @RequiresScope("widgets:read")
    WidgetResponse boom() {
        throw new IllegalStateException("secret internal detail at com.example.Internal");
    }

    @GetMapping("/unguarded")
    String unguarded() {
        return "should never be served";
    }

    private Widget find(String id) {
        Widget w = mongo.findById(id, Widget.class);
        if (w == null) {
            throw CrmApiException.notFound("widget", id);
        }
        return w;
    }
}
