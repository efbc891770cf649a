package org.touchpoint.analytics.fold;

import java.math.BigDecimal;
import java.util.Objects;

/** An amount in one currency as stored in a folded view: a decimal string (exact) and an ISO 4217 code. */
public class Amount {

    private String amount;
    private String currency;

    Amount() {
    }

    public Amount(String amount, String currency) {
        this.amount = amount;
        this.currency = currency;
    }

    public String getAmount() {
        return amount;
    }

    void setAmount(String amount) {
        this.amount = amount;
    }

    public String getCurrency() {
        return currency;
    }

    public BigDecimal value() {
        return new BigDecimal(amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Amount a && value().compareTo(a.value()) == 0 && Objects.equals(currency, a.currency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value().stripTrailingZeros(), currency);
    }

    @Override
    public String toString() {
        return amount + " " + currency;
    }
}
