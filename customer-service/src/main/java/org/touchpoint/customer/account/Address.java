package org.touchpoint.customer.account;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A postal address; country is ISO 3166-1 alpha-2. */
public record Address(
        @Size(max = 200) String street,
        @Size(max = 100) String city,
        @Size(max = 100) String region,
        @Size(max = 20) String postalCode,
        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as ES or BR") String country) {
}
