package org.touchpoint.sales.assignment;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * How new leads find an owner: the first rule whose field (territory, industry, country, source) has one of its
 * values wins; a lead no rule matches goes round-robin to the next owner of {@code roundRobin}.
 */
@Document("assignment_rules")
public class AssignmentRules {

    static final String ID = "current";

    @Id
    private String id = ID;
    @Version
    private Long version;
    private List<Rule> rules = new ArrayList<>();
    private List<String> roundRobin = new ArrayList<>();
    /** Incremented atomically for each round-robin assignment. */
    private long roundRobinTurn;
    private Instant updatedAt;

    public record Rule(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "must be lower-case letters, digits and dashes") String id,
            @NotNull @Pattern(regexp = "territory|industry|country|source", message = "must be territory, industry, country or source") String field,
            @NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 100) String> values,
            @NotBlank @Size(max = 100) String ownerId) {

        boolean matches(String value) {
            return value != null && values.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT)));
        }
    }

    AssignmentRules() {
    }

    void replace(List<Rule> rules, List<String> roundRobin, Instant now) {
        this.rules = List.copyOf(rules);
        this.roundRobin = List.copyOf(roundRobin);
        this.updatedAt = now;
    }

    Optional<Rule> matching(Function<String, String> field) {
        return rules.stream().filter(r -> r.matches(field.apply(r.field()))).findFirst();
    }

    List<String> roundRobin() {
        return roundRobin;
    }

    long roundRobinTurn() {
        return roundRobinTurn;
    }

    Long getVersion() {
        return version;
    }

    Response toResponse() {
        return new Response(rules, roundRobin, updatedAt, version == null ? 0 : version);
    }

    record Response(List<Rule> rules, List<String> roundRobin, Instant updatedAt, long version) {
    }
}
