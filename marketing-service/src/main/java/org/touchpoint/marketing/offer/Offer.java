package org.touchpoint.marketing.offer;

import java.time.Instant;
import java.util.List;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.kit.outbox.OutboxDocument;

/**
 * Something marketing offers (compatible cartridges, an investment fund) and the configured rule that
 * recommends it: customers who bought one of the {@code triggers} (a product code or a category) are offered
 * it, unless they already bought {@code productCode}.
 */
@Document("offers")
public class Offer extends OutboxDocument {

    @Indexed(unique = true)
    private String code;
    private String name;
    private String description;
    private String productCode;
    private String category;
    private List<Trigger> triggers = List.of();
    private String landingUrl;
    private boolean active = true;
    private Instant createdAt;
    private Instant updatedAt;

    /** "Bought A": a product code, or a whole category. */
    public record Trigger(String productCode, String category) {
        public boolean matches(String boughtProduct, String boughtCategory) {
            return (productCode != null && productCode.equals(boughtProduct)) || (category != null && category.equals(boughtCategory));
        }

        public String describe() {
            return productCode != null ? "product " + productCode : "category " + category;
        }
    }

    Offer() {
    }

    static Offer create(String id, OfferRequest r, Instant now) {
        Offer o = new Offer();
        o.id = id;
        o.code = r.code();
        o.createdAt = now;
        o.apply(r, now);
        return o;
    }

    void apply(OfferRequest r, Instant now) {
        name = r.name();
        description = r.description();
        productCode = r.productCode();
        category = r.category();
        triggers = r.triggers() == null ? List.of() : r.triggers().stream().map(t -> new Trigger(t.productCode(), t.category())).toList();
        landingUrl = r.landingUrl();
        active = r.active() == null || r.active();
        updatedAt = now;
    }

    public String code() {
        return code;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String productCode() {
        return productCode;
    }

    public String category() {
        return category;
    }

    public List<Trigger> triggers() {
        return triggers == null ? List.of() : triggers;
    }

    public String landingUrl() {
        return landingUrl;
    }

    public boolean active() {
        return active;
    }

    OfferResponse toResponse() {
        return new OfferResponse(id, code, name, description, productCode, category,
                triggers().stream().map(t -> new OfferRequest.TriggerRequest(t.productCode(), t.category())).toList(),
                landingUrl, active, createdAt, updatedAt);
    }
}
