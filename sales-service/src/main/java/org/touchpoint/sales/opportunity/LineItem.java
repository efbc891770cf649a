package org.touchpoint.sales.opportunity;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** One product of a deal: quantity × unit price, in the deal's currency. */
public record LineItem(String productCode, String name, String category, BigDecimal quantity, BigDecimal unitPrice,
                       Integer termMonths) {

    public BigDecimal total() {
        return quantity.multiply(unitPrice);
    }

    /** As the {@code opportunity.won} touch carries it (docs/touches.md): decimals as strings. */
    public Map<String, Object> toAttribute() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("productCode", productCode);
        if (name != null) {
            m.put("name", name);
        }
        if (category != null) {
            m.put("category", category);
        }
        m.put("quantity", quantity.stripTrailingZeros().toPlainString());
        m.put("unitPrice", unitPrice.toPlainString());
        if (termMonths != null) {
            m.put("termMonths", termMonths);
        } else if ("support-plan".equals(category)) {
            m.put("termMonths", 12);
        }
        return m;
    }
}
