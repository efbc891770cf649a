package org.touchpoint.sales.opportunity;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.kit.web.CrmApiException;

/**
 * A sales pipeline: ordered stages, each with a default probability and a forecast category. Exactly one stage
 * is the won stage and one the lost stage; reaching either closes the opportunity.
 */
@Document("pipelines")
public class Pipeline {

    public static final String OPEN = "open";
    public static final String WON = "won";
    public static final String LOST = "lost";
    static final String DEFAULT_SLUG = "default";

    @Id
    private String id;
    @Version
    private Long version;
    /** Set on the seeded default pipeline only: the unique key that makes seeding idempotent across replicas. */
    @Indexed(unique = true, sparse = true)
    private String slug;
    private String name;
    private List<Stage> stages;
    private Instant createdAt;
    private Instant updatedAt;

    /**
     * One stage.
     *
     * @param forecastCategory pipeline, best-case, commit, closed or omitted
     * @param type             open, won or lost
     */
    public record Stage(String key, String name, int probability, String forecastCategory, String type) {
    }

    Pipeline() {
    }

    static Pipeline create(String id, String slug, String name, List<Stage> stages, Instant now) {
        validate(stages);
        Pipeline p = new Pipeline();
        p.id = id;
        p.slug = slug;
        p.name = name;
        p.stages = List.copyOf(stages);
        p.createdAt = now;
        p.updatedAt = now;
        return p;
    }

    /** The seeded pipeline: prospecting → qualification → proposal → negotiation → won / lost. */
    static Pipeline seeded(String id, Instant now) {
        return create(id, DEFAULT_SLUG, "Ventas", List.of(
                new Stage("prospecting", "Prospección", 10, "pipeline", OPEN),
                new Stage("qualification", "Calificación", 20, "pipeline", OPEN),
                new Stage("proposal", "Propuesta", 50, "best-case", OPEN),
                new Stage("negotiation", "Negociación", 75, "commit", OPEN),
                new Stage("won", "Ganada", 100, "closed", WON),
                new Stage("lost", "Perdida", 0, "omitted", LOST)), now);
    }

    void replace(String name, List<Stage> stages, Set<String> stagesInUse, Instant now) {
        validate(stages);
        Set<String> keys = new HashSet<>();
        stages.forEach(s -> keys.add(s.key()));
        for (String used : stagesInUse) {
            if (!keys.contains(used)) {
                throw CrmApiException.conflict("stage " + used + " is the stage of open opportunities; move them before removing it");
            }
        }
        this.name = name;
        this.stages = List.copyOf(stages);
        this.updatedAt = now;
    }

    static void validate(List<Stage> stages) {
        Set<String> keys = new HashSet<>();
        int won = 0;
        int lost = 0;
        int open = 0;
        for (Stage s : stages) {
            if (!keys.add(s.key())) {
                throw CrmApiException.badRequest("stages", "stage key " + s.key() + " appears twice");
            }
            switch (s.type()) {
                case WON -> won++;
                case LOST -> lost++;
                default -> open++;
            }
        }
        if (won != 1 || lost != 1 || open == 0) {
            throw CrmApiException.badRequest("stages", "a pipeline needs open stages, exactly one won stage and exactly one lost stage");
        }
    }

    public Optional<Stage> stage(String key) {
        return stages.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /** The stage, or 400 naming {@code field} when the pipeline has no such stage. */
    public Stage requireStage(String key, String field) {
        return stage(key).orElseThrow(() -> CrmApiException.badRequest(field,
                "pipeline " + id + " has no stage " + key + " (stages: " + stages.stream().map(Stage::key).toList() + ")"));
    }

    public Stage firstOpenStage() {
        return stages.stream().filter(s -> OPEN.equals(s.type())).findFirst().orElseThrow();
    }

    public String getId() {
        return id;
    }

    public Long getVersion() {
        return version;
    }

    String slug() {
        return slug;
    }

    PipelineResponse toResponse() {
        return new PipelineResponse(id, name, DEFAULT_SLUG.equals(slug), stages, createdAt, updatedAt, version);
    }

    public record PipelineResponse(String id, String name, boolean isDefault, List<Stage> stages, Instant createdAt,
                                   Instant updatedAt, long version) {
    }
}
