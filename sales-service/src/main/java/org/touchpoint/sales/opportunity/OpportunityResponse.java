package org.touchpoint.sales.opportunity;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.touchpoint.events.Money;

public record OpportunityResponse(String id, String customerId, String accountId, String name, Money amount,
                                  String pipelineId, String stage, String forecastCategory, int probability,
                                  boolean probabilityOverridden, LocalDate expectedCloseDate, String ownerId,
                                  List<LineItemResponse> lineItems, List<Opportunity.StageVisit> stageHistory,
                                  String status, String closeReason, Instant closedAt, Long cycleDays, String leadId,
                                  Instant createdAt, Instant updatedAt, Instant erasedAt, long version) {

    public record LineItemResponse(String productCode, String name, String category, BigDecimal quantity, Money unitPrice,
                                   Integer termMonths, Money total) {
    }
}
