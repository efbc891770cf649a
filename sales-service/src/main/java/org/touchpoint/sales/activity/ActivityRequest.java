package org.touchpoint.sales.activity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** Logs a call, meeting or email against a customer or a lead (one of the two is required). */
record ActivityRequest(
        @NotNull @Pattern(regexp = "call|meeting|email", message = "must be call, meeting or email") String type,
        @Size(max = 64) String customerId,
        @Size(max = 64) String leadId,
        @Size(max = 64) String accountId,
        @Size(max = 64) String opportunityId,
        @NotBlank @Size(max = 200) String subject,
        @Size(max = 4000) String notes,
        @Size(max = 100) String outcome,
        @Min(0) @Max(1440) Integer durationMinutes,
        @Pattern(regexp = "inbound|outbound", message = "must be inbound or outbound") String direction,
        Instant occurredAt,
        @Size(max = 100) String ownerId) {
}
