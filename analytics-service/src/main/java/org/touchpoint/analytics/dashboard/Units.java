package org.touchpoint.analytics.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.touchpoint.events.Money;

/**
 * Money in aggregates: exact sums of fixed-point units of 1/10,000 of the currency (longs add up exactly and
 * atomically), and revenue bands for sorted buckets: {@value #BANDS_PER_DECADE} logarithmic bands per power of ten,
 * so two amounts in one band differ by less than {@value #BAND_WIDTH_PERCENT} %.
 */
final class Units {

    static final int SCALE = 4;
    static final int BANDS_PER_DECADE = 100;
    /** 10^(1/100) - 1: the relative width of a band. */
    static final String BAND_WIDTH_PERCENT = "2.33";

    private Units() {
    }

    static long of(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    static BigDecimal value(long units) {
        BigDecimal v = BigDecimal.valueOf(units, SCALE).stripTrailingZeros();
        return v.scale() < 2 ? v.setScale(2, RoundingMode.UNNECESSARY) : v;
    }

    static Money money(long units, String currency) {
        return Money.of(value(units), currency);
    }

    /** The band of a positive amount: floor(100 × log10(amount)), offset so that every band number is positive. */
    static int band(BigDecimal amount) {
        if (amount.signum() <= 0) {
            return 0;
        }
        double log = Math.log10(amount.doubleValue());
        return (int) Math.floor(log * BANDS_PER_DECADE) + 1000;
    }

    static String bandKey(int band) {
        return String.format("%05d", band);
    }
}
