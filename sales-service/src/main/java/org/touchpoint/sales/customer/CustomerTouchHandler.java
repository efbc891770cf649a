package org.touchpoint.sales.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.consumer.TouchHandler;

/**
 * Folds what the briefing needs from other teams into the customer's copy: support cases and SLA breaches, the last
 * campaign message, satisfaction, and purchases (won deals). Touches of customers not yet known are kept: the
 * document exists before its profile.
 */
@Component
class CustomerTouchHandler implements TouchHandler {

    private final CustomerViews views;

    CustomerTouchHandler(CustomerViews views) {
        this.views = views;
    }

    @Override
    public void onTouch(CrmEvent<Touch> event) {
        Touch t = event.data();
        if (t.customerId().startsWith("acc_") || t.customerId().startsWith("led_")) {
            return; // account-level touches and touches of leads not yet customers are not about a customer
        }
        Map<String, Object> a = t.attributes();
        String caseId = t.refs().get("caseId");
        Instant at = t.occurredAt();
        switch (t.kind()) {
            case TouchKinds.CASE_OPENED -> foldCase(event, caseId, true, true);
            case TouchKinds.CASE_REOPENED -> foldCase(event, caseId, true, false);
            case TouchKinds.CASE_RESOLVED, TouchKinds.CASE_CLOSED -> foldCase(event, caseId, false, false);
            case TouchKinds.CASE_UPDATED, TouchKinds.CASE_ESCALATED -> foldCase(event, caseId, null, false);
            case TouchKinds.SLA_BREACHED -> views.fold(t.customerId(), event.id(), v -> {
                v.slaBreached(caseId, a, at);
                return true;
            });
            case TouchKinds.MESSAGE_SENT -> views.fold(t.customerId(), event.id(), v -> {
                v.messageSent(t.refs().get("campaignId"), a, at);
                return true;
            });
            case TouchKinds.CSAT_RECEIVED -> {
                Integer score = intOf(a.get("score"));
                if (score == null || score < 1 || score > 5) {
                    return; // not a satisfaction score the contract knows; nothing to keep
                }
                views.fold(t.customerId(), event.id(), v -> {
                    v.csatReceived(caseId, score, a.get("comment") == null ? null : a.get("comment").toString(), at);
                    return true;
                });
            }
            case TouchKinds.OPPORTUNITY_WON -> {
                String opportunityId = t.refs().get("opportunityId");
                if (opportunityId == null) {
                    return;
                }
                views.fold(t.customerId(), event.id(), v -> {
                    v.purchased(opportunityId, a.get("name") == null ? null : a.get("name").toString(), t.amount(), items(a.get("lineItems")), at);
                    return true;
                });
            }
            default -> {
                // not needed for the briefing
            }
        }
    }

    private void foldCase(CrmEvent<Touch> event, String caseId, Boolean open, boolean opening) {
        if (caseId == null) {
            return;
        }
        Touch t = event.data();
        views.fold(t.customerId(), event.id(), v -> {
            v.caseTouched(caseId, t.attributes(), open, opening, t.occurredAt());
            return true;
        });
    }

    private static List<CustomerView.Item> items(Object raw) {
        List<CustomerView.Item> items = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("productCode") != null) {
                    items.add(new CustomerView.Item(str(m.get("productCode")), str(m.get("name")), str(m.get("category")),
                            str(m.get("quantity")), str(m.get("unitPrice")), intOf(m.get("termMonths"))));
                }
            }
        }
        return items;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static Integer intOf(Object o) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        if (o instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
