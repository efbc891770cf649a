package org.touchpoint.sales.lead;

import java.time.Instant;

public record LeadResponse(String id, String firstName, String lastName, String displayName, String email, String phone,
                           String company, String title, String industry, Integer companySize, String country,
                           String territory, String source, String status, String disqualifyReason, String ownerId,
                           String assignedBy, String customerId, String campaignId, String notes, int score,
                           String qualification, Lead.Conversion conversion, Instant createdAt, Instant updatedAt,
                           long version) {
}
