package org.touchpoint.customer.contact;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.touchpoint.kit.web.SafeKeys;

/**
 * Create or replace a contact. The first email is the primary one (unique among contacts). Consent lists
 * only the channels being set; channels left out keep their current consent.
 */
public record ContactRequest(
        @NotBlank @Size(max = 100) String firstName,
        @Size(max = 100) String lastName,
        @Size(max = 10) List<@NotBlank @Email @Size(max = 254) String> emails,
        @Size(max = 10) List<@NotBlank @Pattern(regexp = "\\+?[0-9 ().\\-/]{3,32}", message = "must be a phone number such as +34 91 123 45 67") String> phones,
        @Size(max = 64) String accountId,
        @Size(max = 100) String title,
        @Size(max = 100) String ownerId,
        @Pattern(regexp = LifecycleStages.PATTERN, message = "must be one of " + LifecycleStages.LIST) String lifecycleStage,
        @Size(max = 30) List<@NotBlank @Size(max = 40) String> tags,
        @Valid Map<@Pattern(regexp = "email|sms|phone", message = "consent channels are email, sms and phone") String, @Valid @NotNull ConsentRequest> consent,
        @Valid Notes notes,
        @SafeKeys Map<String, Object> customAttributes,
        @SafeKeys @Size(max = 20) Map<String, @Size(max = 100) String> externalIds) {

    /** Consent for one channel as a client sets it; the service stamps the time. */
    public record ConsentRequest(
            @NotNull @Pattern(regexp = "granted|withdrawn", message = "must be granted or withdrawn") String status,
            @Size(max = 100) String source) {
    }

    /** The informal knowledge a salesperson otherwise keeps in their head. */
    public record Notes(@Size(max = 50) String nickname, @Size(max = 2000) String preferences) {
    }
}
