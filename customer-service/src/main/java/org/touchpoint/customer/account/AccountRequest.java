package org.touchpoint.customer.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.touchpoint.kit.web.SafeKeys;

/** Create or replace an account. */
public record AccountRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 253) @Pattern(regexp = "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+",
                message = "must be a domain name such as andina.example") String domain,
        @Size(max = 100) String industry,
        @Min(0) @Max(10_000_000) Integer size,
        @Pattern(regexp = "basic|standard|premium", message = "must be basic, standard or premium") String tier,
        @Size(max = 100) String ownerId,
        @Valid Address address,
        @Size(max = 30) List<@NotBlank @Size(max = 40) String> tags,
        @SafeKeys Map<String, Object> customAttributes,
        @SafeKeys @Size(max = 20) Map<String, @Size(max = 100) String> externalIds) {
}
