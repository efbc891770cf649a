package org.touchpoint.events;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/** Money on the wire: a decimal string and an ISO 4217 currency code, {@code {"amount":"1250.00","currency":"EUR"}}. */
public record Money(String amount, String currency) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        try {
            new BigDecimal(amount);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount is not a decimal number: " + amount);
        }
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency is not an ISO 4217 code: " + currency);
        }
    }

    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount.toPlainString(), currency);
    }

    public BigDecimal value() {
        return new BigDecimal(amount);
    }
}
