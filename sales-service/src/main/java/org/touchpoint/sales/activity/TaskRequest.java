package org.touchpoint.sales.activity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * Create or replace a task about a customer or a lead (one is required: the reminder is a touch of that customer).
 * Replacing it with a later {@code dueAt} postpones it: the reminder fires again at the new time.
 */
record TaskRequest(
        @NotBlank @Size(max = 200) String title,
        @Size(max = 4000) String notes,
        @Size(max = 64) String customerId,
        @Size(max = 64) String leadId,
        @Size(max = 64) String opportunityId,
        @NotBlank @Size(max = 100) String ownerId,
        @NotNull Instant dueAt,
        @Pattern(regexp = "open|done|cancelled", message = "must be open, done or cancelled") String status) {
}
