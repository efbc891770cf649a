package org.touchpoint.marketing.segment;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

public record SegmentResponse(String id, String name, String description, String type, JsonNode rule, long memberCount,
                              String createdBy, Instant createdAt, Instant updatedAt) {

    /** A rule's count and the first few matching customers. */
    public record Preview(long count, List<Member> sample) {
    }

    public record Member(String customerId, String displayName, String email, Instant since) {
    }
}
