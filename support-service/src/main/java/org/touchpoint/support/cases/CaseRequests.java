package org.touchpoint.support.cases;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the cases API. */
final class CaseRequests {

    /** Ids of other services' objects: opaque, but letters, digits, _ and - only. */
    static final String ID = "[A-Za-z0-9_-]{1,64}";

    private CaseRequests() {
    }

    /**
     * Opens a case. {@code channel}: phone, email, web, chat, partner; {@code priority}: low, normal (default), high,
     * urgent; {@code queue}: one of the configured queues (default general).
     */
    record OpenCase(@NotBlank @Pattern(regexp = ID, message = "must be a customer id") String customerId,
                    @Pattern(regexp = ID, message = "must be an account id") String accountId,
                    @NotBlank @Size(max = 300) String subject, @Size(max = 20000) String description,
                    @NotBlank String channel, String priority, @Size(max = 100) String category, String queue,
                    @Size(max = 200) String assignee) {
    }

    /** Changes some fields; absent fields stay; {@code "assignee": ""} unassigns. */
    record UpdateCase(@Size(min = 1, max = 300) String subject, @Size(max = 20000) String description, String priority,
                      @Size(max = 100) String category, String queue, @Size(max = 200) String assignee) {
    }

    record StatusChange(@NotBlank String status, @Size(max = 2000) String note) {
    }

    record Escalation(@Size(max = 500) String note) {
    }

    /** {@code visibility}: public (the customer sees it) or internal (agents only, the default). */
    record NewComment(@NotBlank @Size(max = 20000) String body, String visibility, Boolean fromCustomer) {
    }

    record SurveyAnswer(@NotNull @Min(1) @Max(5) Integer score, @Size(max = 2000) String comment) {
    }
}
