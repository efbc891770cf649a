package org.touchpoint.sales.opportunity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Create or replace an opportunity. {@code amount} defaults to the sum of the line items; {@code probability}
 * overrides the stage's default; {@code pipelineId} defaults to the default pipeline, {@code stage} to its first
 * open stage.
 */
public record OpportunityRequest(
        @NotBlank @Size(max = 64) String customerId,
        @Size(max = 64) String accountId,
        @NotBlank @Size(max = 200) String name,
        @Valid MoneyRequest amount,
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code such as EUR") String currency,
        @Size(max = 64) String pipelineId,
        @Size(max = 40) String stage,
        @Min(0) @Max(100) Integer probability,
        LocalDate expectedCloseDate,
        @Size(max = 100) String ownerId,
        @Size(max = 100) List<@Valid @NotNull LineItemRequest> lineItems,
        @Size(max = 64) String leadId) {

    public record LineItemRequest(
            @NotBlank @Size(max = 64) String productCode,
            @Size(max = 200) String name,
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,39}", message = "must be lower-case letters, digits and dashes, such as ink-cartridges") String category,
            @NotNull @Positive BigDecimal quantity,
            @NotNull @PositiveOrZero BigDecimal unitPrice,
            @Min(1) @Max(120) Integer termMonths) {

        LineItem toLineItem() {
            return new LineItem(productCode.trim(), name, category, quantity, unitPrice, termMonths);
        }
    }

    /** The same request for another customer id (a conversion relinked by customer-service). */
    public OpportunityRequest withCustomer(String newCustomerId) {
        return new OpportunityRequest(newCustomerId, accountId, name, amount, currency, pipelineId, stage, probability,
                expectedCloseDate, ownerId, lineItems, leadId);
    }
}
