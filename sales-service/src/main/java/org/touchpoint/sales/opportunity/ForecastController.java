package org.touchpoint.sales.opportunity;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.stream.Stream;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.events.Scopes;
import org.touchpoint.kit.security.RequiresScope;
import org.touchpoint.kit.web.CrmApiException;

/** The sales forecast of a month or a quarter, grouped by owner, stage or forecast category. */
@RestController
class ForecastController {

    private final MongoTemplate mongo;
    private final Clock clock;

    ForecastController(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /**
     * @param from any day of the period (default today, UTC): the period is the month or quarter containing it
     */
    @GetMapping("/api/forecast")
    @RequiresScope(Scopes.OPPORTUNITIES_READ)
    Forecast.Response forecast(@RequestParam(defaultValue = "month") String period,
                               @RequestParam(defaultValue = "category") String groupBy,
                               @RequestParam(required = false) String from,
                               @RequestParam(required = false) String ownerId) {
        if (!period.matches("month|quarter")) {
            throw CrmApiException.badRequest("period", "must be month or quarter");
        }
        if (!groupBy.matches("owner|stage|category")) {
            throw CrmApiException.badRequest("groupBy", "must be owner, stage or category");
        }
        LocalDate day;
        try {
            day = from == null ? LocalDate.now(clock) : LocalDate.parse(from);
        } catch (DateTimeParseException e) {
            throw CrmApiException.badRequest("from", "must be a date such as 2026-11-01");
        }
        LocalDate start = period.equals("month") ? day.withDayOfMonth(1)
                : LocalDate.of(day.getYear(), ((day.getMonthValue() - 1) / 3) * 3 + 1, 1);
        LocalDate end = period.equals("month") ? start.plusMonths(1) : start.plusMonths(3);

        Criteria openInPeriod = Criteria.where("status").is(Opportunity.OPEN).and("expectedCloseDate").gte(start).lt(end);
        Criteria closedInPeriod = Criteria.where("status").in(Opportunity.WON, Opportunity.LOST)
                .and("closedAt").gte(start.atStartOfDay().toInstant(ZoneOffset.UTC)).lt(end.atStartOfDay().toInstant(ZoneOffset.UTC));
        Criteria where = new Criteria().orOperator(openInPeriod, closedInPeriod);
        if (ownerId != null) {
            where = new Criteria().andOperator(where, Criteria.where("ownerId").is(ownerId));
        }
        Forecast forecast = new Forecast();
        try (Stream<Opportunity> deals = mongo.stream(Query.query(where), Opportunity.class)) {
            deals.forEach(o -> forecast.add(o, switch (groupBy) {
                case "owner" -> o.ownerId();
                case "stage" -> o.stage();
                default -> Opportunity.WON.equals(o.status()) ? "closed" : o.forecastCategory();
            }));
        }
        return forecast.toResponse(period, start, end.minusDays(1), groupBy);
    }
}
