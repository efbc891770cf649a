package org.touchpoint.sales.opportunity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Moves an opportunity: to another open stage, or to the pipeline's won or lost stage (with a close reason).
 * {@code channel} says how a win came about (visit, phone, system).
 */
record StageChangeRequest(@NotBlank @Size(max = 40) String stage,
                          @Min(0) @Max(100) Integer probability,
                          @Size(max = 500) String closeReason,
                          @Pattern(regexp = "visit|phone|system", message = "must be visit, phone or system") String channel) {
}
