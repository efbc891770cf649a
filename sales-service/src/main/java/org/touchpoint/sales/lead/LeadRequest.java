package org.touchpoint.sales.lead;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Create or replace a lead (web forms, partners, imports). A lead needs a way to reach someone: an email, a phone or
 * at least a company name. {@code status} is only taken on replace (new, working, qualified).
 */
public record LeadRequest(
        @Size(max = 100) String firstName,
        @Size(max = 100) String lastName,
        @Email @Size(max = 254) String email,
        @Pattern(regexp = "\\+?[0-9 ().\\-/]{3,32}", message = "must be a phone number such as +34 91 123 45 67") String phone,
        @Size(max = 200) String company,
        @Size(max = 100) String title,
        @Size(max = 100) String industry,
        @Min(0) @Max(10_000_000) Integer companySize,
        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 country code such as ES") String country,
        @Size(max = 100) String territory,
        @Pattern(regexp = "web|partner|email|event|referral|phone|import|other", message = "must be web, partner, email, event, referral, phone, import or other") String source,
        @Size(max = 100) String ownerId,
        @Size(max = 64) String customerId,
        @Pattern(regexp = "new|working|qualified", message = "must be new, working or qualified (disqualify and convert have their own endpoints)") String status,
        @Size(max = 4000) String notes) {

    Lead.Details details() {
        return new Lead.Details(firstName, lastName, email, phone, company, title, industry, companySize, country, territory, notes);
    }
}
