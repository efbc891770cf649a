package org.touchpoint.sales.opportunity;

import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.IdempotentRequests;
import org.touchpoint.kit.web.Page;

/** Pipelines: ordered stages with default probabilities and forecast categories. */
@RestController
@RequestMapping("/api/pipelines")
class PipelineController {

    private final PipelineService pipelines;
    private final IdempotentRequests idempotent;

    PipelineController(PipelineService pipelines, IdempotentRequests idempotent) {
        this.pipelines = pipelines;
        this.idempotent = idempotent;
    }

    @GetMapping
    @RequiresScope(Scopes.OPPORTUNITIES_READ)
    Page<Pipeline.PipelineResponse> list() {
        return new Page<>(pipelines.list().stream().map(Pipeline::toResponse).toList(), null); // at most 200: not paged
    }

    @GetMapping("/{id}")
    @RequiresScope(Scopes.OPPORTUNITIES_READ)
    ResponseEntity<Pipeline.PipelineResponse> get(@PathVariable String id) {
        Pipeline p = pipelines.get(id);
        return ResponseEntity.ok().eTag(Etags.of(p.getVersion())).body(p.toResponse());
    }

    @PostMapping
    @RequiresScope(Scopes.OPPORTUNITIES_WRITE)
    ResponseEntity<Pipeline.PipelineResponse> create(@Valid @RequestBody PipelineRequest request,
                                                     @RequestHeader(value = IdempotentRequests.HEADER, required = false) String key) {
        return idempotent.execute(key, request, Pipeline.PipelineResponse.class, () -> {
            Pipeline p = pipelines.create(request);
            return ResponseEntity.created(URI.create("/api/pipelines/" + p.getId())).eTag(Etags.of(p.getVersion())).body(p.toResponse());
        });
    }

    @PutMapping("/{id}")
    @RequiresScope(Scopes.OPPORTUNITIES_WRITE)
    ResponseEntity<Pipeline.PipelineResponse> replace(@PathVariable String id, @Valid @RequestBody PipelineRequest request,
                                                      @RequestHeader(value = "If-Match", required = false) String ifMatch) {
        Pipeline p = pipelines.replace(id, request, ifMatch);
        return ResponseEntity.ok().eTag(Etags.of(p.getVersion())).body(p.toResponse());
    }
}
