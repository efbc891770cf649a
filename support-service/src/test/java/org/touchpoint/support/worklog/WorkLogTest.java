package org.touchpoint.support.worklog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Touch;

class WorkLogTest {

    @Test
    void costIsMinutesTimesTheHourlyRateRoundedToTheCent() {
        assertThat(WorkLog.cost(45, new BigDecimal("60.00"))).isEqualByComparingTo("45.00");
        assertThat(WorkLog.cost(20, new BigDecimal("33.33"))).isEqualByComparingTo("11.11");
        assertThat(WorkLog.cost(1, new BigDecimal("100"))).isEqualByComparingTo("1.67");
        assertThat(WorkLog.cost(0, new BigDecimal("100"))).isEqualByComparingTo("0");
    }

    @Test
    void aWorkLogEmitsWorkLoggedWithItsAmount() {
        WorkLog w = WorkLog.record("wlg_1", "cas_1", "CS-000001", "con_1", "acc_1", "user:joao", 90,
                new BigDecimal("80"), "BRL", null, null, "user:joao", Instant.parse("2026-11-20T10:00:00Z"));
        Touch t = (Touch) w.emitted().getFirst().payload();
        assertThat(t.kind()).isEqualTo("work.logged");
        assertThat(t.amount().amount()).isEqualTo("120.00");
        assertThat(t.amount().currency()).isEqualTo("BRL");
        assertThat(t.attributes()).containsEntry("minutes", 90).containsEntry("agent", "user:joao");
    }
}
