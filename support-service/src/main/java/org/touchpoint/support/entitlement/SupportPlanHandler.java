package org.touchpoint.support.entitlement;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.TouchHandler;
import org.touchpoint.support.SupportCatalog;
import org.touchpoint.support.customer.CustomerDirectory;

/**
 * Turns the support-plan lines of a won deal ({@code category: support-plan}, {@code productCode: support-<tier>},
 * {@code termMonths}, 12 when absent) into the account's entitlement, valid from the day the deal was won.
 */
@Component
class SupportPlanHandler implements TouchHandler {

    private static final Logger log = LoggerFactory.getLogger(SupportPlanHandler.class);

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
        if (!TouchKinds.OPPORTUNITY_WON.equals(t.kind()) || !(t.attributes().get("lineItems") instanceof List<?> items)) {
            return;
        }
        String opportunityId = t.refs().getOrDefault("opportunityId", event.id());
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> line) || !"support-plan".equals(line.get("category"))
                    || !(line.get("productCode") instanceof String code) || !code.startsWith("support-")) {
                continue;
            }
            String tier = code.substring("support-".length());
            if (!catalog.isTier(tier)) {
                log.warn("Opportunity {} sold support plan {} of unknown tier {}; not applied", opportunityId, code, tier);
                continue;
            }
            int months = termMonths(line.get("termMonths"));
            LocalDate from = t.occurredAt().atZone(ZoneOffset.UTC).toLocalDate();
            LocalDate until = from.plusMonths(months).minusDays(1);
            String holder = t.accountId() != null ? t.accountId() : customers.accountOf(t.customerId()).orElse(t.customerId());
            entitlements.applyPlan(holder, tier, from, until, opportunityId);
        }
    }

    private static int termMonths(Object raw) {
        try {
            int months = raw instanceof Number n ? n.intValue() : raw == null ? 12 : Integer.parseInt(raw.toString());
            return months > 0 && months <= 120 ? months : 12;
        } catch (NumberFormatException e) {
            return 12;
        }
    }
}
