package org.touchpoint.analytics.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Money;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.Contribution;

/** RFM scoring and the churn rules, without Spring. */
class RulesTest {

    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    static void apply(CustomerView v, Touch t) {
        v.apply(t, NOW);
    }

    /** The RFM model the aggregates of these views would give: their contributions summed, as the folding block keeps them. */
    static RfmModel modelOf(List<CustomerView> views, Instant now) {
        Map<String, Long> sums = new TreeMap<>();
        for (CustomerView v : views) {
            Contribution c = new Contribution();
            RfmModel.contribute(v, c);
            c.sums().getOrDefault(RfmModel.NAME, Map.of()).forEach((k, n) -> sums.merge(k, n, Long::sum));
        }
        return RfmModel.of(sums, now.atZone(ZoneOffset.UTC).toLocalDate());
    }

    static CustomerView buyer(String id, int wins, String each, int daysAgo) {
        CustomerView v = new CustomerView(id);
        for (int i = 0; i < wins; i++) {
            apply(v, Touch.builder(id, TouchKinds.OPPORTUNITY_WON).occurredAt(NOW.minus(daysAgo + i, ChronoUnit.DAYS))
                    .ref("opportunityId", id + "-" + i).amount(new Money(each, "EUR")).build());
        }
        return v;
    }

    @Test
    void theBestBuyerIsAChampionAndTheLapsedOneHibernates() {
        CustomerView best = buyer("con_best", 5, "5000", 3);
        CustomerView mid = buyer("con_mid", 2, "1000", 40);
        CustomerView lapsed = buyer("con_lapsed", 1, "300", 400);
        CustomerView prospect = new CustomerView("con_prospect");
        RfmModel model = modelOf(List.of(best, mid, lapsed, prospect), NOW);

        assertThat(model.buyers()).isEqualTo(3);
        RfmModel.Rfm b = model.score(best);
        assertThat(b.recency()).isEqualTo(5);
        assertThat(b.frequency()).isEqualTo(5);
        assertThat(b.monetary()).isEqualTo(5);
        assertThat(b.segment()).isEqualTo("champions");
        RfmModel.Rfm l = model.score(lapsed);
        assertThat(l.recency()).isEqualTo(1);
        assertThat(l.segment()).isEqualTo("hibernating");
        assertThat(model.score(prospect).segment()).isEqualTo("prospect");
        assertThat(model.score(prospect).recency()).isNull();
    }

    @Test
    void aQuietCustomerWithAnUrgentCaseAndLowSatisfactionIsHighRisk() {
        CustomerView v = new CustomerView("con_1");
        for (int i = 0; i < 6; i++) {
            apply(v, Touch.builder("con_1", TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(NOW.minus(40 + i, ChronoUnit.DAYS)).build());
        }
        apply(v, Touch.builder("con_1", TouchKinds.CASE_OPENED).channel(Channels.EMAIL).occurredAt(NOW.minus(35, ChronoUnit.DAYS))
                .ref("caseId", "cas_1").attribute("priority", "urgent").build());
        apply(v, Touch.builder("con_1", TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).occurredAt(NOW.minus(34, ChronoUnit.DAYS))
                .ref("caseId", "cas_9").attribute("score", 1).build());

        ChurnRules.ChurnRisk risk = ChurnRules.assess(v, NOW);
        assertThat(risk.factors()).extracting(ChurnRules.Factor::code).containsExactly("falling-engagement", "open-urgent-cases", "low-csat");
        assertThat(risk.score()).isEqualTo(70);
        assertThat(risk.level()).isEqualTo("high");
    }

    @Test
    void anEngagedHappyCustomerIsLowRisk() {
        CustomerView v = new CustomerView("con_2");
        apply(v, Touch.builder("con_2", TouchKinds.MEETING_LOGGED).channel(Channels.VISIT).occurredAt(NOW.minus(2, ChronoUnit.DAYS)).build());
        apply(v, Touch.builder("con_2", TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).occurredAt(NOW.minus(1, ChronoUnit.DAYS))
                .ref("caseId", "cas_2").attribute("score", 5).build());
        ChurnRules.ChurnRisk risk = ChurnRules.assess(v, NOW);
        assertThat(risk.score()).isZero();
        assertThat(risk.level()).isEqualTo("low");
        assertThat(risk.factors()).isEmpty();
    }

    @Test
    void aLongSilenceIsTheRecencyFactor() {
        CustomerView v = new CustomerView("con_3");
        apply(v, Touch.builder("con_3", TouchKinds.EMAIL_LOGGED).channel(Channels.EMAIL).occurredAt(NOW.minus(120, ChronoUnit.DAYS)).build());
        ChurnRules.ChurnRisk risk = ChurnRules.assess(v, NOW);
        assertThat(risk.factors()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("recency");
            assertThat(f.points()).isEqualTo(35);
            assertThat(f.detail()).contains("120 days");
        });
        assertThat(risk.level()).isEqualTo("medium");
    }

    @Test
    void segmentCountsFromTheHistogramsMatchScoringEveryBuyer() {
        Random random = new Random(7);
        List<CustomerView> views = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            views.add(i % 10 == 0 ? new CustomerView("con_p" + i)
                    : buyer("con_" + i, 1 + random.nextInt(6), (100 + random.nextInt(9000)) + ".00", random.nextInt(400)));
        }
        RfmModel model = modelOf(views, NOW);
        Map<String, Long> expected = new TreeMap<>();
        views.forEach(v -> expected.merge(model.score(v).segment(), 1L, Long::sum));
        Map<String, Long> counted = new TreeMap<>(model.segments());
        counted.values().removeIf(n -> n == 0);
        assertThat(counted).isEqualTo(expected);
    }

    @Test
    void churnLevelsFromTheAggregatesAreExactOnEveryDayWithoutAnyNewTouch() {
        Random random = new Random(11);
        List<CustomerView> views = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String id = "con_" + i;
            CustomerView v = buyer(id, 1, "100.00", 200);
            int touches = random.nextInt(12);
            for (int t = 0; t < touches; t++) {
                apply(v, Touch.builder(id, TouchKinds.CALL_LOGGED).channel(Channels.PHONE)
                        .occurredAt(NOW.minus(random.nextInt(150), ChronoUnit.DAYS)).build());
            }
            if (random.nextInt(5) == 0) {
                apply(v, Touch.builder(id, TouchKinds.CASE_OPENED).channel(Channels.EMAIL).occurredAt(NOW.minus(3, ChronoUnit.DAYS))
                        .ref("caseId", "cas_" + i).attribute("priority", "urgent").build());
            }
            if (random.nextInt(6) == 0) {
                apply(v, Touch.builder(id, TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).occurredAt(NOW.minus(2, ChronoUnit.DAYS))
                        .ref("caseId", "cas_x" + i).attribute("score", 1).build());
            }
            views.add(v);
        }
        Map<String, Long> churn = new TreeMap<>();
        Map<String, Map<String, Long>> falling = new TreeMap<>();
        for (CustomerView v : views) {
            Contribution c = new Contribution();
            ChurnDashboard.contribute(v, c);
            c.sums().forEach((name, sums) -> sums.forEach((k, n) ->
                    (name.equals(ChurnDashboard.NAME) ? churn : falling.computeIfAbsent(name, x -> new TreeMap<>())).merge(k, n, Long::sum)));
        }
        // Today and each of the next 100 days, as time passes with no touch at all.
        for (int later = 0; later <= 100; later += 7) {
            Instant day = NOW.plus(later, ChronoUnit.DAYS);
            LocalDate date = day.atZone(ZoneOffset.UTC).toLocalDate();
            Map<String, Long> expected = new TreeMap<>(Map.of("high", 0L, "medium", 0L, "low", 0L));
            long expectedMatching = 0;
            for (CustomerView v : views) {
                ChurnRules.ChurnRisk risk = ChurnRules.assess(v, day);
                expected.merge(risk.level(), 1L, Long::sum);
                expectedMatching += risk.score() >= 30 ? 1 : 0;
            }
            ChurnDashboard.Levels levels = ChurnDashboard.levels(churn, falling.getOrDefault(ChurnDashboard.falling(date), Map.of()),
                    date.toEpochDay(), 30);
            assertThat(new TreeMap<>(levels.levels())).as("levels " + later + " days later").isEqualTo(expected);
            assertThat(levels.matching()).as("medium or above " + later + " days later").isEqualTo(expectedMatching);
        }
    }
}
