package org.touchpoint.sales.scoring;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An engagement rule: points per touch of the given kinds (or, when {@code kinds} is empty, per touch on the given
 * channel), up to {@code maxPoints}. A touch counts for the first rule it matches.
 */
public record EngagementRule(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "must be lower-case letters, digits and dashes") String id,
        @Size(max = 200) String description,
        @Size(max = 20) List<@NotBlank @Pattern(regexp = "[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+", message = "must be a touch kind such as message.opened") String> kinds,
        @Pattern(regexp = "email|phone|web|visit|chat|partner", message = "must be email, phone, web, visit, chat or partner") String channel,
        @NotNull @Min(-100) @Max(100) Integer points,
        @Min(0) @Max(1000) Integer maxPoints) {

    public EngagementRule {
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }

    boolean matches(String kind, String touchChannel) {
        return kinds.isEmpty() ? channel != null && channel.equals(touchChannel) : kinds.contains(kind);
    }
}
