package org.touchpoint.marketing.offer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An offer: {@code code} (stable, used in segments and touches), what it offers, the configured rule
 * ({@code triggers}: bought product or category A → offer this), and the landing page a campaign's click leads to.
 */
public record OfferRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,63}", message = "must be 2 to 64 lower-case letters, digits or dashes") String code,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @Size(max = 100) String productCode,
        @Size(max = 100) String category,
        @Valid @Size(max = 50) List<TriggerRequest> triggers,
        @Size(max = 2000) @Pattern(regexp = "https?://([A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+", message = "must be an http(s) URL of URL characters only (escape others as %XX)") String landingUrl,
        Boolean active) {

    public record TriggerRequest(@Size(max = 100) String productCode, @Size(max = 100) String category) {
        @AssertTrue(message = "a trigger names exactly one of productCode or category")
        public boolean isOneKind() {
            return (productCode == null) != (category == null);
        }
    }
}
