package org.touchpoint.marketing.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.marketing.customer.AccountView;
import org.touchpoint.marketing.customer.CustomerView;
import tools.jackson.databind.json.JsonMapper;

/** Rule trees: parsing with errors naming the JSON path, and evaluation against a customer. */
public class RuleTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    static Rule parse(String json) {
        return RuleParser.parse(JSON.readTree(json), "rule");
    }

    static List<String> errorPaths(String json) {
        try {
            parse(json);
        } catch (CrmApiException e) {
            assertThat(e.status().value()).isEqualTo(400);
            return e.errors().stream().map(CrmApiException.FieldError::field).toList();
        }
        throw new AssertionError("accepted: " + json);
    }

    public static CustomerView cartridgeBuyer(boolean emailConsent, String... tags) {
        return new CustomerView("con_1", true, "Lucía", "Fernández", "Lucía Fernández", "Lu", "lucia@andina.example", "acc_1",
                "customer", List.of(tags), Map.of("email", emailConsent),
                List.of(new CustomerView.Purchase("HP-664", "Cartucho HP 664", "ink-cartridges", NOW.minus(30, ChronoUnit.DAYS), "opp_1")),
                List.of(new CustomerView.Win("opp_1", NOW.minus(30, ChronoUnit.DAYS), new BigDecimal("180.00"), "EUR")),
                Map.of("cas_1", "urgent"), new CustomerView.Engagement(2, 1, 0), NOW.minus(40, ChronoUnit.DAYS),
                new AccountView("acc_1", "Papelería Andina", "retail", "gold", "premium"));
    }

    static boolean matches(String rule, CustomerView c) {
        return parse(rule).matches(new Rule.Facts(c, NOW, Set.of("urgent"), () -> Set.of("cables-usb")));
    }

    @Test
    void priceSensitiveCartridgeBuyersWithEmailConsentMatch() {
        String rule = """
                {"all": [
                  {"field": "purchases.category", "op": "bought-within", "value": "ink-cartridges", "days": 180},
                  {"field": "consent.email", "op": "eq", "value": true},
                  {"field": "tags", "op": "contains", "value": "price-sensitive"}]}""";
        assertThat(matches(rule, cartridgeBuyer(true, "price-sensitive"))).isTrue();
        assertThat(matches(rule, cartridgeBuyer(false, "price-sensitive"))).as("no consent").isFalse();
        assertThat(matches(rule, cartridgeBuyer(true, "vip"))).as("not price-sensitive").isFalse();
    }

    @Test
    void boughtWithinLooksBackTheGivenNumberOfDaysOnly() {
        assertThat(matches("""
                {"field": "purchases.productCode", "op": "bought-within", "value": "HP-664", "days": 7}""", cartridgeBuyer(true))).isFalse();
        assertThat(matches("""
                {"field": "purchases.productCode", "op": "not-bought-within", "value": "HP-664", "days": 7}""", cartridgeBuyer(true))).isTrue();
        assertThat(matches("""
                {"field": "purchases.productCode", "op": "contains", "value": "HP-664"}""", cartridgeBuyer(true))).isTrue();
    }

    @Test
    void behaviourAccountAndRecommendationFields() {
        CustomerView c = cartridgeBuyer(true);
        assertThat(matches("""
                {"field": "wonTotal", "op": "gte", "value": 150, "currency": "EUR"}""", c)).isTrue();
        assertThat(matches("""
                {"field": "wonTotal", "op": "gte", "value": 150, "currency": "USD"}""", c)).isFalse();
        assertThat(matches("""
                {"field": "openUrgentCases", "op": "gte", "value": 1}""", c)).isTrue();
        assertThat(matches("""
                {"field": "engagementScore", "op": "eq", "value": 5}""", c)).as("2 opens + 3 × 1 click").isTrue();
        assertThat(matches("""
                {"field": "daysSinceLastTouch", "op": "gte", "value": 30}""", c)).isTrue();
        assertThat(matches("""
                {"all": [{"field": "account.industry", "op": "eq", "value": "retail"},
                         {"field": "account.supportTier", "op": "in", "value": ["premium", "gold"]}]}""", c)).isTrue();
        assertThat(matches("""
                {"field": "recommended", "op": "contains", "value": "cables-usb"}""", c)).isTrue();
        assertThat(matches("""
                {"not": {"any": [{"field": "lifecycleStage", "op": "eq", "value": "customer"},
                                 {"field": "tags", "op": "exists", "value": true}]}}""", c)).isFalse();
    }

    @Test
    void aMalformedTreeIs400NamingEveryOffendingPath() {
        assertThat(errorPaths("""
                {"all": [{"field": "tags", "op": "contains", "value": "vip"}, {"field": "tags", "op": "like", "value": "v"}]}"""))
                .containsExactly("rule.all[1].op");
        assertThat(errorPaths("""
                {"any": [{"field": "shoeSize", "op": "eq", "value": 42},
                         {"not": {"field": "purchases.category", "op": "bought-within", "value": "ink"}},
                         {"field": "wonTotal", "op": "gt", "value": "lots", "currency": "euro"}]}"""))
                .containsExactlyInAnyOrder("rule.any[0].field", "rule.any[1].not.days", "rule.any[2].value", "rule.any[2].currency");
        assertThat(errorPaths("{\"all\": []}")).containsExactly("rule.all");
        assertThat(errorPaths("[1, 2]")).containsExactly("rule");
        assertThat(errorPaths("{\"all\": [{\"field\": \"tags\", \"op\": \"contains\", \"value\": \"a\", \"$where\": 1}]}"))
                .containsExactly("rule.all[0].$where");
    }

    @Test
    void aMissingRuleIs400() {
        assertThatThrownBy(() -> RuleParser.parse(null, "rule")).isInstanceOf(CrmApiException.class)
                .satisfies(e -> assertThat(((CrmApiException) e).errors().getFirst().field()).isEqualTo("rule"));
    }

    @Test
    void deepOrHugeTreesAreRefused() {
        String deep = "{\"field\": \"tags\", \"op\": \"contains\", \"value\": \"a\"}";
        for (int i = 0; i < RuleParser.MAX_DEPTH + 1; i++) {
            deep = "{\"not\": " + deep + "}";
        }
        assertThat(errorPaths(deep)).hasSize(1);
    }
}
