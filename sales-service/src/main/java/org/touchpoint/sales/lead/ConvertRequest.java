package org.touchpoint.sales.lead;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.touchpoint.sales.opportunity.MoneyRequest;
import org.touchpoint.sales.opportunity.OpportunityRequest;

/** Converts a lead; with {@code opportunity}, also opens a deal for the new customer. */
public record ConvertRequest(@Valid OpportunitySpec opportunity, @Size(max = 64) String accountId) {

    public record OpportunitySpec(@NotBlank @Size(max = 200) String name, @Valid MoneyRequest amount,
                                  @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code such as EUR") String currency,
                                  @Size(max = 64) String pipelineId, @Size(max = 40) String stage,
                                  LocalDate expectedCloseDate, @Size(max = 100) String ownerId,
                                  @Size(max = 100) List<OpportunityRequest.@Valid LineItemRequest> lineItems) {

        OpportunityRequest toRequest(String customerId, String accountId, String leadId, String defaultOwner) {
            return new OpportunityRequest(customerId, accountId, name, amount, currency, pipelineId, stage, null, expectedCloseDate,
                    ownerId != null ? ownerId : defaultOwner, lineItems, leadId);
        }
    }
}
