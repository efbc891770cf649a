package org.touchpoint.marketing.segment;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A segment: {@code type} {@code rule} (default) with a {@code rule} tree, or {@code static} with
 * {@code customerIds}.
 */
public record SegmentRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @Pattern(regexp = "rule|static", message = "must be rule or static") String type,
        JsonNode rule,
        @Size(max = 10000) List<String> customerIds) {

    String typeOrDefault() {
        return type == null ? Segment.RULE : type;
    }

    /** Customers to add to (or remove from) a static list. */
    public record Members(@jakarta.validation.constraints.NotNull @Size(min = 1, max = 10000) List<String> customerIds) {
    }

    /** A rule to count without saving it. */
    public record Preview(JsonNode rule) {
    }
}
