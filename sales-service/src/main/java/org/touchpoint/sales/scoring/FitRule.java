package org.touchpoint.sales.scoring;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Locale;

/**
 * A fit rule: points when an attribute of the lead matches. {@code match} is {@code equals} (one of the values,
 * case-insensitive), {@code contains} (contains one of the values, case-insensitive) or {@code atLeast} (a number
 * at least {@code min}, for {@code companySize}).
 */
public record FitRule(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "must be lower-case letters, digits and dashes") String id,
        @Size(max = 200) String description,
        @NotNull @Pattern(regexp = "industry|title|companySize|country|territory|source|company", message = "must be industry, title, companySize, country, territory, source or company") String field,
        @NotNull @Pattern(regexp = "equals|contains|atLeast", message = "must be equals, contains or atLeast") String match,
        @Size(max = 50) List<@NotBlank @Size(max = 100) String> values,
        Integer min,
        @NotNull @Min(-100) @Max(100) Integer points) {

    public FitRule {
        values = values == null ? List.of() : List.copyOf(values);
    }

    /** Does the lead's value of {@link #field} match? */
    boolean matches(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.toLowerCase(Locale.ROOT);
        return switch (match) {
            case "equals" -> values.stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).equals(v));
            case "contains" -> values.stream().anyMatch(x -> v.contains(x.toLowerCase(Locale.ROOT)));
            case "atLeast" -> {
                try {
                    yield min != null && Long.parseLong(value.trim()) >= min;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }
}
