package org.touchpoint.support.entitlement;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchAttributes.LineItem;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.TouchHandler;
import org.touchpoint.support.SupportCatalog;
import org.touchpoint.support.customer.CustomerDirectory;

/**
 * Turns the support-plan lines of a won deal ({@code category: support-plan}, {@code productCode: support-<tier>},
 * {@code termMonths}, 12 when absent or beyond 120) into the account's entitlement, valid from the day the deal was
 * won. Idempotent: the entitlement remembers the deals it applied. Every lookup is an {@code _id} read (the entitlement,
 * the customer's copy when the touch names no account), so it costs the same however many customers there are.
 */
@Component
class SupportPlanHandler implements TouchHandler {

    private static final Logger log = LoggerFactory.getLogger(SupportPlanHandler.class);
    private static final int DEFAULT_TERM_MONTHS = 12;
    private static final int MAX_TERM_MONTHS = 120;

    private final Entitlements entitlements;
    private final SupportCatalog catalog;
    private final CustomerDirectory customers;

    SupportPlanHandler(Entitlements entitlements, SupportCatalog catalog, CustomerDirectory customers) {
        this.entitlements = entitlements;
        this.catalog = catalog;
        this.customers = customers;
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        Touch t = event.data();
        if (!TouchKinds.OPPORTUNITY_WON.equals(t.kind())) {
            return;
        }
        String opportunityId = t.refs().getOrDefault("opportunityId", event.id());
        for (LineItem line : t.attrs().lineItems("lineItems")) {
            if (!"support-plan".equals(line.category()) || !line.productCode().startsWith("support-")) {
                continue;
            }
            String tier = line.productCode().substring("support-".length());
            if (!catalog.isTier(tier)) {
                log.warn("Opportunity {} sold support plan {} of unknown tier {}; not applied", opportunityId, line.productCode(), tier);
                continue;
            }
            int months = line.termMonths() != null && line.termMonths() > 0 && line.termMonths() <= MAX_TERM_MONTHS
                    ? line.termMonths() : DEFAULT_TERM_MONTHS;
            LocalDate from = t.occurredAt().atZone(ZoneOffset.UTC).toLocalDate();
            LocalDate until = from.plusMonths(months).minusDays(1);
            // one _id read of the customer's copy, only when the touch names no account
            String holder = t.accountId() != null ? t.accountId() : customers.accountOf(t.customerId()).orElse(t.customerId());
            entitlements.applyPlan(holder, tier, from, until, opportunityId);
        }
    }
}
