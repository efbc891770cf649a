package org.touchpoint.marketing.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.marketing.campaign.Attribution.Model;
import org.touchpoint.marketing.campaign.Attribution.Send;
import org.touchpoint.marketing.customer.CustomerView.Win;

class AttributionTest {

    static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
    static final Duration WINDOW = Duration.ofDays(30);

    /** Ana got campaign A then B, and won 1000 EUR after both; Bruno got only A and won 300 EUR 40 days later. */
    static final Map<String, List<Send>> SENDS = Map.of(
            "ana", List.of(new Send("cmp_A", "ana", T0), new Send("cmp_B", "ana", T0.plus(Duration.ofDays(5)))),
            "bruno", List.of(new Send("cmp_A", "bruno", T0)));
    static final Map<String, List<Win>> WINS = Map.of(
            "ana", List.of(new Win("opp_1", T0.plus(Duration.ofDays(10)), new BigDecimal("1000.00"), "EUR")),
            "bruno", List.of(new Win("opp_2", T0.plus(Duration.ofDays(40)), new BigDecimal("300.00"), "EUR")));

    @Test
    void firstTouchCreditsTheEarliestCampaign() {
        var a = Attribution.attribute("cmp_A", SENDS, WINS, WINDOW, Model.FIRST_TOUCH);
        assertThat(a.revenue()).containsEntry("EUR", new BigDecimal("1000.00"));
        assertThat(a.deals()).isEqualTo(1);
        assertThat(Attribution.attribute("cmp_B", SENDS, WINS, WINDOW, Model.FIRST_TOUCH).revenue()).isEmpty();
    }

    @Test
    void lastTouchCreditsTheLatestCampaign() {
        assertThat(Attribution.attribute("cmp_A", SENDS, WINS, WINDOW, Model.LAST_TOUCH).revenue()).isEmpty();
        assertThat(Attribution.attribute("cmp_B", SENDS, WINS, WINDOW, Model.LAST_TOUCH).revenue()).containsEntry("EUR", new BigDecimal("1000.00"));
    }

    @Test
    void linearSplitsEvenlyAndAWinOutsideTheWindowCountsForNobody() {
        var a = Attribution.attribute("cmp_A", SENDS, WINS, WINDOW, Model.LINEAR);
        assertThat(a.revenue()).containsEntry("EUR", new BigDecimal("500.00"));
        assertThat(a.customers()).containsExactly("ana");
        assertThat(Attribution.attribute("cmp_A", SENDS, WINS, Duration.ofDays(60), Model.LINEAR).revenue())
                .containsEntry("EUR", new BigDecimal("800.00"));
    }

    @Test
    void roiIsRevenueMinusCostOverCost() {
        assertThat(Attribution.roi(new BigDecimal("1000"), new BigDecimal("250"))).isEqualByComparingTo("3");
        assertThat(Attribution.roi(new BigDecimal("100"), BigDecimal.ZERO)).isNull();
    }
}
