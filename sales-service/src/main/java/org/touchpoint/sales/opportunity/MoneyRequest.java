package org.touchpoint.sales.opportunity;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;

/** Money as a client sends it: a non-negative decimal string and an ISO 4217 code. */
public record MoneyRequest(
        @NotNull @Pattern(regexp = "[0-9]{1,15}(\\.[0-9]{1,4})?", message = "must be a non-negative decimal string such as 1250.00") String amount,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code such as EUR") String currency) {

    public BigDecimal value() {
        return new BigDecimal(amount);
    }
}
