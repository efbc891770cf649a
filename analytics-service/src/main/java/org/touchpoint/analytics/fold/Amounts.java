package org.touchpoint.analytics.fold;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.touchpoint.events.Money;

/** Money kept per currency (never converted): a small list of {@link Amount}s, one per currency. */
public final class Amounts {

    private Amounts() {
    }

    /** Adds {@code money} to the entry of its currency. */
    public static void add(List<Amount> amounts, Money money) {
        if (money == null) {
            return;
        }
        add(amounts, money.value(), money.currency());
    }

    public static void add(List<Amount> amounts, BigDecimal value, String currency) {
        for (Amount a : amounts) {
            if (a.getCurrency().equals(currency)) {
                a.setAmount(a.value().add(value).toPlainString());
                return;
            }
        }
        amounts.add(new Amount(value.toPlainString(), currency));
        amounts.sort(Comparator.comparing(Amount::getCurrency));
    }

    /** A sum per currency as a sorted list of amounts. */
    public static List<Amount> of(Map<String, BigDecimal> perCurrency) {
        List<Amount> out = new ArrayList<>();
        new TreeMap<>(perCurrency).forEach((c, v) -> out.add(new Amount(v.toPlainString(), c)));
        return out;
    }

    /** Money on the wire, decimals as stored. */
    public static List<Money> toMoney(List<Amount> amounts) {
        return amounts.stream().map(a -> new Money(a.getAmount(), a.getCurrency())).toList();
    }
}
