package org.touchpoint.support.sla;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/** A named business-hours calendar SLA policies can count in. Not an outbox document: it causes no touches. */
@Document("calendars")
class BusinessCalendar {

    @Id
    String id;
    @Version
    Long version;
    String name;
    String timezone;
    List<String> weekdays;
    String open;
    String close;
    Instant updatedAt;

    CalendarSpec spec() {
        return new CalendarSpec(id, timezone, weekdays, open, close);
    }
}
