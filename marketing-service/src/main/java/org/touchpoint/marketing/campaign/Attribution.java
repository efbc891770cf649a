package org.touchpoint.marketing.campaign;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.touchpoint.marketing.customer.CustomerView.Win;

/**
 * Credits a campaign with the deals its recipients won within the attribution window after its message, under
 * one of three models. The touchpoints competing for a deal are the campaign messages (of any campaign) the
 * customer received within the window before the deal: first-touch credits the earliest, last-touch the
 * latest, linear splits the deal evenly among them. Pure: no Spring, no database.
 */
public final class Attribution {

    public enum Model {
        FIRST_TOUCH("first-touch"), LAST_TOUCH("last-touch"), LINEAR("linear");

        final String wire;

        Model(String wire) {
            this.wire = wire;
        }

        public static Model of(String wire) {
            for (Model m : values()) {
                if (m.wire.equals(wire)) {
                    return m;
                }
            }
            return null;
        }

        public String wire() {
            return wire;
        }
    }

    /** A campaign message a customer received. */
    public record Send(String campaignId, String customerId, Instant sentAt) {
    }

    /** Revenue credited per currency, deals credited (partly or fully), and the customers behind them. */
    public record Result(Map<String, BigDecimal> revenue, long deals, Set<String> customers) {
    }

    private Attribution() {
    }

    /**
     * @param campaignId      the campaign to credit
     * @param sendsByCustomer for each recipient, every campaign message received (this campaign's among them)
     * @param winsByCustomer  the deals each recipient won
     */
    public static Result attribute(String campaignId, Map<String, List<Send>> sendsByCustomer, Map<String, List<Win>> winsByCustomer,
                                   Duration window, Model model) {
        Map<String, BigDecimal> revenue = new TreeMap<>();
        long deals = 0;
        Set<String> customers = new HashSet<>();
        for (var entry : sendsByCustomer.entrySet()) {
            List<Send> sends = entry.getValue().stream().sorted(Comparator.comparing(Send::sentAt)).toList();
            Send ours = sends.stream().filter(s -> s.campaignId().equals(campaignId)).findFirst().orElse(null);
            if (ours == null) {
                continue;
            }
            for (Win w : winsByCustomer.getOrDefault(entry.getKey(), List.of())) {
                if (w.at() == null || w.at().isBefore(ours.sentAt()) || w.at().isAfter(ours.sentAt().plus(window))) {
                    continue;
                }
                List<Send> competing = sends.stream()
                        .filter(s -> !s.sentAt().isAfter(w.at()) && !s.sentAt().isBefore(w.at().minus(window))).toList();
                BigDecimal credit = switch (model) {
                    case FIRST_TOUCH -> competing.getFirst().campaignId().equals(campaignId) ? BigDecimal.ONE : BigDecimal.ZERO;
                    case LAST_TOUCH -> competing.getLast().campaignId().equals(campaignId) ? BigDecimal.ONE : BigDecimal.ZERO;
                    case LINEAR -> BigDecimal.valueOf(competing.stream().filter(s -> s.campaignId().equals(campaignId)).count())
                            .divide(BigDecimal.valueOf(competing.size()), 10, RoundingMode.HALF_EVEN);
                };
                if (credit.signum() > 0) {
                    deals++;
                    customers.add(entry.getKey());
                    revenue.merge(w.currency(), w.amount().multiply(credit), BigDecimal::add);
                }
            }
        }
        revenue.replaceAll((currency, amount) -> amount.setScale(2, RoundingMode.HALF_EVEN));
        return new Result(revenue, deals, customers);
    }

    /** (revenue − cost) / cost, four decimals; null when nothing was spent. */
    public static BigDecimal roi(BigDecimal revenue, BigDecimal cost) {
        if (cost == null || cost.signum() == 0) {
            return null;
        }
        return revenue.subtract(cost).divide(cost, 4, RoundingMode.HALF_EVEN);
    }
}
