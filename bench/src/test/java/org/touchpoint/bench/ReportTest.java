package org.touchpoint.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void theMedianOfRoundRatiosIgnoresOneOutlierRound() {
        assertThat(Report.median(new double[] {0.36, 0.29, 0.95})).isEqualTo(0.36);
        assertThat(Report.median(new double[] {0.2, 0.4})).isEqualTo(0.30000000000000004);
        assertThat(Report.median(new double[0])).isNaN();
        assertThat(Report.median(new double[] {0.3, Double.NaN})).isNaN();
    }

    @Test
    void aRatioWithAMissingOrZeroDenominatorIsNotANumberAndPrintsAsNa() {
        assertThat(Report.ratio(190, 530)).isEqualTo(190.0 / 530);
        assertThat(Report.ratio(190, 0)).isNaN();
        assertThat(Report.ratio(Double.NaN, 530)).isNaN();
        assertThat(Report.f(Double.NaN, 2)).isEqualTo("n/a");
        assertThat(Report.round(Double.NaN)).isNull();
        assertThat(Report.round(0.358449)).isEqualTo(0.358);
    }

    @Test
    void theTableAlignsTheFirstColumnLeftAndTheFiguresRight() {
        String table = Report.table(List.of("path", "req/s"), List.of(List.of("direct", "530"), List.of("gateway", "1900")));
        assertThat(table).isEqualTo("""
                path     req/s
                -------  -----
                direct     530
                gateway   1900
                """);
    }
}
