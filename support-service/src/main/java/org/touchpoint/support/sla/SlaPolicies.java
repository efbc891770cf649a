package org.touchpoint.support.sla;

import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.touchpoint.support.SupportCatalog;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.Etags;

/** SLA policies per tier and priority, business calendars, and the defaults seeded on start. */
@Service
public class SlaPolicies {

    private static final Logger log = LoggerFactory.getLogger(SlaPolicies.class);

    /** Defaults per tier (first response, resolution) for low, normal, high, urgent; unknown tiers get basic's. */
    private static final Map<String, List<String[]>> DEFAULTS = Map.of(
            "premium", List.of(new String[]{"PT8H", "P3D"}, new String[]{"PT4H", "PT24H"}, new String[]{"PT1H", "PT8H"}, new String[]{"PT15M", "PT4H"}),
            "standard", List.of(new String[]{"PT24H", "P5D"}, new String[]{"PT8H", "P2D"}, new String[]{"PT4H", "PT24H"}, new String[]{"PT1H", "PT8H"}),
            "basic", List.of(new String[]{"P2D", "P10D"}, new String[]{"PT24H", "P5D"}, new String[]{"PT8H", "P2D"}, new String[]{"PT4H", "PT24H"}));

    private final MongoTemplate mongo;
    private final SupportCatalog catalog;
    private final Clock clock;

    SlaPolicies(MongoTemplate mongo, SupportCatalog catalog, Clock clock) {
        this.mongo = mongo;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Inserts the default policy of every configured tier and priority that has none; idempotent across replicas. */
    @PostConstruct
    void seedDefaults() {
        int seeded = 0;
        for (String tier : catalog.tiers()) {
            List<String[]> targets = DEFAULTS.getOrDefault(tier, DEFAULTS.get("basic"));
            for (int i = 0; i < SupportCatalog.PRIORITIES.size(); i++) {
                String priority = SupportCatalog.PRIORITIES.get(i);
                if (mongo.exists(Query.query(Criteria.where("_id").is(SlaPolicy.idOf(tier, priority))), SlaPolicy.class)) {
                    continue;
                }
                SlaPolicy p = new SlaPolicy();
                p.id = SlaPolicy.idOf(tier, priority);
                p.tier = tier;
                p.priority = priority;
                p.firstResponse = targets.get(i)[0];
                p.resolution = targets.get(i)[1];
                p.updatedAt = clock.instant();
                try {
                    mongo.insert(p);
                    seeded++;
                } catch (DuplicateKeyException anotherReplicaWasFirst) {
                    // seeded concurrently: fine
                }
            }
        }
        if (seeded > 0) {
            log.info("Seeded {} default SLA policies", seeded);
        }
    }

    /** The policy a new case of this tier and priority runs under (the seeded default if the policy is missing). */
    public AppliedPolicy resolve(String tier, String priority) {
        SlaPolicy p = mongo.findById(SlaPolicy.idOf(tier, priority), SlaPolicy.class);
        if (p == null) {
            String[] d = DEFAULTS.getOrDefault(tier, DEFAULTS.get("basic")).get(SupportCatalog.PRIORITIES.indexOf(priority));
            return new AppliedPolicy(tier, priority, Duration.parse(d[0]), Duration.parse(d[1]), null);
        }
        CalendarSpec calendar = null;
        if (p.calendarId != null) {
            BusinessCalendar c = mongo.findById(p.calendarId, BusinessCalendar.class);
            calendar = c == null ? null : c.spec();
        }
        return new AppliedPolicy(tier, priority, p.firstResponseTarget(), p.resolutionTarget(), calendar);
    }

    SlaPolicy get(String tier, String priority) {
        catalog.requireTier("tier", tier);
        SupportCatalog.requirePriority("priority", priority);
        SlaPolicy p = mongo.findById(SlaPolicy.idOf(tier, priority), SlaPolicy.class);
        if (p == null) {
            throw CrmApiException.notFound("SLA policy", SlaPolicy.idOf(tier, priority));
        }
        return p;
    }

    List<SlaPolicy> list(String tier) {
        Query q = tier == null ? new Query() : Query.query(Criteria.where("tier").is(catalog.requireTier("tier", tier)));
        List<SlaPolicy> all = new ArrayList<>(mongo.find(q.limit(1000), SlaPolicy.class));
        all.sort((a, b) -> a.tier.equals(b.tier)
                ? Integer.compare(SupportCatalog.PRIORITIES.indexOf(a.priority), SupportCatalog.PRIORITIES.indexOf(b.priority))
                : Integer.compare(catalog.rank(a.tier), catalog.rank(b.tier)));
        return all;
    }

    SlaPolicy put(String tier, String priority, SlaPolicyController.PolicyRequest request, String ifMatch) {
        catalog.requireTier("tier", tier);
        SupportCatalog.requirePriority("priority", priority);
        Duration first = duration("firstResponse", request.firstResponse());
        Duration resolution = duration("resolution", request.resolution());
        if (first.compareTo(resolution) > 0) {
            throw CrmApiException.badRequest("firstResponse", "must not be longer than resolution");
        }
        if (request.calendarId() != null && mongo.findById(request.calendarId(), BusinessCalendar.class) == null) {
            throw CrmApiException.unprocessable("calendarId", "calendar " + request.calendarId() + " does not exist");
        }
        SlaPolicy p = mongo.findById(SlaPolicy.idOf(tier, priority), SlaPolicy.class);
        if (p == null) {
            if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.trim().equals("*")) {
                throw CrmApiException.preconditionFailed("the policy does not exist yet; send no If-Match");
            }
            p = new SlaPolicy();
            p.id = SlaPolicy.idOf(tier, priority);
            p.tier = tier;
            p.priority = priority;
        } else {
            Etags.requireMatch(ifMatch, p.version);
        }
        p.firstResponse = first.toString();
        p.resolution = resolution.toString();
        p.calendarId = request.calendarId();
        p.updatedAt = clock.instant();
        return mongo.save(p); // @Version: a concurrent change fails with OptimisticLockingFailureException (409/412)
    }

    private static Duration duration(String field, String value) {
        if (value == null || value.isBlank()) {
            throw CrmApiException.badRequest(field, "is required (an ISO-8601 duration such as PT4H)");
        }
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.isZero()) {
                throw CrmApiException.badRequest(field, "must be positive");
            }
            if (d.compareTo(Duration.ofDays(365)) > 0) {
                throw CrmApiException.badRequest(field, "must be at most a year");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw CrmApiException.badRequest(field, "must be an ISO-8601 duration such as PT4H or P2D");
        }
    }

    // calendars

    BusinessCalendar calendar(String id) {
        BusinessCalendar c = mongo.findById(id, BusinessCalendar.class);
        if (c == null) {
            throw CrmApiException.notFound("calendar", id);
        }
        return c;
    }

    List<BusinessCalendar> calendars() {
        return mongo.find(new Query().with(Sort.by("_id")).limit(500), BusinessCalendar.class);
    }

    BusinessCalendar putCalendar(String id, CalendarController.CalendarRequest r, String ifMatch) {
        if (!id.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            throw CrmApiException.badRequest("id", "must be 1 to 40 lower-case letters, digits and dashes");
        }
        try {
            java.time.ZoneId.of(r.timezone());
        } catch (java.time.DateTimeException e) {
            throw CrmApiException.badRequest("timezone", "must be an IANA time zone such as Europe/Madrid");
        }
        List<String> days = new ArrayList<>();
        for (String d : r.weekdays()) {
            try {
                String day = java.time.DayOfWeek.valueOf(d.trim().toUpperCase(java.util.Locale.ROOT)).name();
                if (!days.contains(day)) {
                    days.add(day);
                }
            } catch (IllegalArgumentException e) {
                throw CrmApiException.badRequest("weekdays", "must be day names such as MONDAY");
            }
        }
        java.time.LocalTime open = time("open", r.open());
        java.time.LocalTime close = time("close", r.close());
        if (!close.isAfter(open)) {
            throw CrmApiException.badRequest("close", "must be after open");
        }
        BusinessCalendar c = mongo.findById(id, BusinessCalendar.class);
        if (c == null) {
            c = new BusinessCalendar();
            c.id = id;
        } else {
            Etags.requireMatch(ifMatch, c.version);
        }
        c.name = r.name();
        c.timezone = r.timezone();
        c.weekdays = days;
        c.open = open.toString();
        c.close = close.toString();
        c.updatedAt = clock.instant();
        return mongo.save(c);
    }

    private static java.time.LocalTime time(String field, String value) {
        try {
            return java.time.LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw CrmApiException.badRequest(field, "must be a time of day such as 09:00");
        }
    }
}
