package org.touchpoint.marketing.campaign;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * A campaign: who (a segment), what (an offer and a personalised template), how (channel email, sms or mail),
 * when (now at launch, or {@code scheduledAt}), and what it may cost.
 */
public record CampaignRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Pattern(regexp = "acquisition|cross-sell|retention", message = "must be acquisition, cross-sell or retention") String objective,
        @NotBlank @Pattern(regexp = "email|sms|mail", message = "must be email, sms or mail") String channel,
        @NotBlank String segmentId,
        @Size(max = 64) String offerCode,
        @NotNull @Valid TemplateRequest template,
        @Size(max = 2000) @Pattern(regexp = "https?://([A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+", message = "must be an http(s) URL of URL characters only (escape others as %XX)") String landingUrl,
        Instant scheduledAt,
        @Valid MoneyRequest budget,
        @Valid MoneyRequest costPerMessage,
        @Valid Exclusions exclusions) {

    public record TemplateRequest(@Size(max = 300) String subject, @NotBlank @Size(max = 100_000) String body) {
    }

    public record MoneyRequest(
            @NotBlank @Pattern(regexp = "-?[0-9]{1,15}(\\.[0-9]{1,4})?", message = "must be a decimal such as 1250.00") String amount,
            @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {
    }

    /** @param openUrgentCase leave out customers with an open case of urgent priority */
    public record Exclusions(Boolean openUrgentCase) {
    }

    /** A cost actually incurred (printing, postage, an event, advertising). */
    public record CostRequest(@NotBlank @Size(max = 300) String description, @NotNull @Valid MoneyRequest amount) {
    }
}
