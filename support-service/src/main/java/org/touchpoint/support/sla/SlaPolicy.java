package org.touchpoint.support.sla;

import java.time.Duration;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/** Targets for one tier and priority (id {@code <tier>:<priority>}); durations are ISO-8601 strings. */
@Document("sla_policies")
class SlaPolicy {

    @Id
    String id;
    @Version
    Long version;
    String tier;
    String priority;
    String firstResponse;
    String resolution;
    String calendarId;
    Instant updatedAt;

    static String idOf(String tier, String priority) {
        return tier + ":" + priority;
    }

    Duration firstResponseTarget() {
        return Duration.parse(firstResponse);
    }

    Duration resolutionTarget() {
        return Duration.parse(resolution);
    }
}
