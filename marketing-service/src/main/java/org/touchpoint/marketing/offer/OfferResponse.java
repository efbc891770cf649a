package org.touchpoint.marketing.offer;

import java.time.Instant;
import java.util.List;

public record OfferResponse(String id, String code, String name, String description, String productCode, String category,
                            List<OfferRequest.TriggerRequest> triggers, String landingUrl, boolean active,
                            Instant createdAt, Instant updatedAt) {
}
