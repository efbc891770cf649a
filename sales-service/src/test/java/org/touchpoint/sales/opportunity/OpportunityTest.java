package org.touchpoint.sales.opportunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.web.CrmApiException;

/** The opportunity's rules, without Spring: stages, wins and losses, and the touches they cause. */
class OpportunityTest {

    static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
    static final Pipeline PIPELINE = Pipeline.seeded("pip_TEST", T0);

    static Opportunity.Terms terms(BigDecimal amount, List<LineItem> items) {
        return new Opportunity.Terms(null, "Tóner para 12 sucursales", amount, "EUR", null, LocalDate.parse("2026-11-28"), "user:lucia", items);
    }

    static final List<LineItem> ITEMS = List.of(
            new LineItem("TONER-HP-85A", "Tóner HP 85A", "ink-cartridges", new BigDecimal("40"), new BigDecimal("62.50"), null),
            new LineItem("support-premium", "Soporte premium", "support-plan", BigDecimal.ONE, new BigDecimal("1200.00"), null));

    static Opportunity open() {
        Opportunity o = Opportunity.create("opp_1", "con_1", null, null, PIPELINE, null, terms(null, ITEMS), "user:lucia", T0);
        o.markPersisted(0);
        return o;
    }

    private static Touch touch(Opportunity o) {
        assertThat(o.emitted()).hasSize(1);
        return (Touch) o.emitted().getFirst().payload();
    }

    @Test
    void opensInTheFirstStageWithTheAmountSummedFromItsLineItems() {
        Opportunity o = Opportunity.create("opp_1", "con_1", null, null, PIPELINE, null, terms(null, ITEMS), "user:lucia", T0);
        assertThat(o.stage()).isEqualTo("prospecting");
        assertThat(o.probability()).isEqualTo(10);
        assertThat(o.amount()).isEqualByComparingTo("3700.00");
        Touch created = touch(o);
        assertThat(created.kind()).isEqualTo("opportunity.created");
        assertThat(created.customerId()).isEqualTo("con_1");
        assertThat(created.refs()).containsEntry("opportunityId", "opp_1").containsEntry("pipelineId", "pip_TEST");
        assertThat(created.amount().amount()).isEqualTo("3700.00");
        assertThat(created.attributes()).containsEntry("stage", "prospecting").containsEntry("category", "pipeline")
                .containsEntry("expectedCloseDate", "2026-11-28");
    }

    @Test
    void aStageChangeRecordsHistoryAndPublishesFromAndTo() {
        Opportunity o = open();
        assertThat(o.moveTo(PIPELINE, "proposal", null, null, null, "user:lucia", T0.plusSeconds(3600))).isTrue();
        Touch changed = touch(o);
        assertThat(changed.kind()).isEqualTo("opportunity.stage-changed");
        assertThat(changed.attributes()).containsEntry("fromStage", "prospecting").containsEntry("stage", "proposal")
                .containsEntry("probability", 50).containsEntry("category", "best-case");
        assertThat(o.stageHistory()).extracting(Opportunity.StageVisit::stage).containsExactly("prospecting", "proposal");
        assertThat(o.stageHistory().getFirst().leftAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(o.stageHistory().getLast().leftAt()).isNull();
    }

    @Test
    void theProbabilityIsTheStageDefaultUnlessOverridden() {
        Opportunity o = open();
        o.moveTo(PIPELINE, "negotiation", 90, null, null, "user:lucia", T0);
        assertThat(o.probability()).isEqualTo(90);
        o.markPersisted(1);
        o.moveTo(PIPELINE, "proposal", null, null, null, "user:lucia", T0);
        assertThat(o.probability()).as("a new stage brings its default back").isEqualTo(50);
    }

    @Test
    void winningPublishesTheHandOffWithLineItemsAndCycleDays() {
        Opportunity o = open();
        o.moveTo(PIPELINE, "won", null, "Mejor precio por volumen", "visit", "user:lucia", T0.plusSeconds(86400 * 12));
        Touch won = touch(o);
        assertThat(won.kind()).isEqualTo("opportunity.won");
        assertThat(won.channel()).isEqualTo("visit");
        assertThat(won.amount().amount()).isEqualTo("3700.00");
        assertThat(won.attributes()).containsEntry("cycleDays", 12L).containsEntry("closeReason", "Mejor precio por volumen")
                .containsEntry("createdAt", T0.toString()).containsEntry("ownerId", "user:lucia");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) won.attributes().get("lineItems");
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).containsEntry("productCode", "TONER-HP-85A").containsEntry("category", "ink-cartridges")
                .containsEntry("quantity", "40").containsEntry("unitPrice", "62.50");
        assertThat(items.get(1)).containsEntry("category", "support-plan").containsEntry("termMonths", 12);
        assertThat(o.status()).isEqualTo("won");
        assertThat(o.probability()).isEqualTo(100);
    }

    @Test
    void aClosedOpportunityDoesNotMove() {
        Opportunity o = open();
        o.moveTo(PIPELINE, "lost", null, "Eligió otro proveedor", null, "user:lucia", T0);
        assertThat(touch(o).kind()).isEqualTo("opportunity.lost");
        o.markPersisted(1);
        assertThatThrownBy(() -> o.moveTo(PIPELINE, "proposal", null, null, null, "user:lucia", T0))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(409));
        assertThatThrownBy(() -> o.update(terms(BigDecimal.TEN, List.of()), PIPELINE, "user:lucia", T0))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(409));
    }

    @Test
    void anUnknownStageIs400() {
        assertThatThrownBy(() -> open().moveTo(PIPELINE, "signed", null, null, null, "user:lucia", T0))
                .isInstanceOfSatisfying(CrmApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.errors()).extracting(CrmApiException.FieldError::field).containsExactly("stage");
                });
    }

    @Test
    void editingTheTermsPublishesOpportunityUpdatedNamingWhatChanged() {
        Opportunity o = open();
        o.update(new Opportunity.Terms(null, "Tóner para 14 sucursales", new BigDecimal("4100.00"), "EUR", 60,
                LocalDate.parse("2026-12-15"), "user:marta", ITEMS), PIPELINE, "user:lucia", T0.plusSeconds(60));
        Touch updated = touch(o);
        assertThat(updated.kind()).isEqualTo("opportunity.updated");
        assertThat(updated.refs()).containsEntry("opportunityId", "opp_1").containsEntry("pipelineId", "pip_TEST");
        assertThat(updated.amount().amount()).isEqualTo("4100.00");
        assertThat(updated.attributes()).containsEntry("name", "Tóner para 14 sucursales").containsEntry("stage", "prospecting")
                .containsEntry("probability", 60).containsEntry("category", "pipeline").containsEntry("expectedCloseDate", "2026-12-15")
                .containsEntry("ownerId", "user:marta")
                .containsEntry("changedFields", List.of("name", "amount", "probability", "expectedCloseDate", "ownerId"));
        assertThat(updated.attrs().texts("changedFields")).as("as the contract declares it").hasSize(5);
    }

    @Test
    void editingOnlyTheAmountNamesOnlyTheAmount() {
        Opportunity o = open();
        o.update(terms(new BigDecimal("3900.00"), ITEMS), PIPELINE, "user:lucia", T0.plusSeconds(60));
        assertThat(touch(o).attributes()).containsEntry("changedFields", List.of("amount"));
    }

    @Test
    void editingTheTermsWithoutChangingThemPublishesNothing() {
        Opportunity o = open();
        o.update(terms(new BigDecimal("3700"), ITEMS), PIPELINE, "user:lucia", T0.plusSeconds(60));
        assertThat(o.emitted()).as("3700 is the same amount as 3700.00").isEmpty();
    }

    @Test
    void overridingTheProbabilityInTheSameStagePublishesOpportunityUpdated() {
        Opportunity o = open();
        assertThat(o.moveTo(PIPELINE, "prospecting", 25, null, null, "user:lucia", T0.plusSeconds(60))).isTrue();
        Touch updated = touch(o);
        assertThat(updated.kind()).isEqualTo("opportunity.updated");
        assertThat(updated.attributes()).containsEntry("probability", 25).containsEntry("stage", "prospecting")
                .containsEntry("changedFields", List.of("probability"));
    }

    @Test
    void movingToTheSameStageChangesNothing() {
        Opportunity o = open();
        assertThat(o.moveTo(PIPELINE, "prospecting", null, null, null, "user:lucia", T0)).isFalse();
        assertThat(o.emitted()).isEmpty();
    }

    @Test
    void negativeAmountsAndMissingAmountsAre400() {
        assertThatThrownBy(() -> terms(new BigDecimal("-1"), List.of()))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(400));
        assertThatThrownBy(() -> terms(null, List.of()))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.errors().getFirst().field()).isEqualTo("amount"));
    }

    @Test
    void anOpportunityCannotStartClosed() {
        assertThatThrownBy(() -> Opportunity.create("opp_2", "con_1", null, null, PIPELINE, "won", terms(BigDecimal.TEN, List.of()), "user:lucia", T0))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(400));
    }

    @Test
    void aPipelineNeedsExactlyOneWonAndOneLostStage() {
        assertThatThrownBy(() -> Pipeline.validate(List.of(new Pipeline.Stage("a", "A", 10, "pipeline", "open"),
                new Pipeline.Stage("won", "Won", 100, "closed", "won"))))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(400));
        assertThatThrownBy(() -> Pipeline.validate(List.of(new Pipeline.Stage("a", "A", 10, "pipeline", "open"),
                new Pipeline.Stage("a", "A", 20, "pipeline", "open"), new Pipeline.Stage("won", "W", 100, "closed", "won"),
                new Pipeline.Stage("lost", "L", 0, "omitted", "lost"))))
                .hasMessageContaining("appears twice");
    }

    @Test
    void theForecastWeighsOpenDealsAndCountsWinsAndLosses() {
        Opportunity a = open(); // 3700 EUR at 10% → 370
        Opportunity b = Opportunity.create("opp_2", "con_2", null, null, PIPELINE, "negotiation", terms(new BigDecimal("1000"), List.of()), "user:lucia", T0);
        b.markPersisted(0);
        b.moveTo(PIPELINE, "won", null, null, null, "user:lucia", T0.plusSeconds(86400 * 4));
        Opportunity c = Opportunity.create("opp_3", "con_3", null, null, PIPELINE, null, terms(new BigDecimal("500"), List.of()), "user:lucia", T0);
        c.markPersisted(0);
        c.moveTo(PIPELINE, "lost", null, null, null, "user:lucia", T0);
        Forecast f = new Forecast();
        f.add(a, "pipeline");
        f.add(b, "closed");
        f.add(c, "omitted");
        Forecast.Response r = f.toResponse("month", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), "category");
        assertThat(r.total().weighted()).extracting(org.touchpoint.events.Money::amount).containsExactly("1370.00");
        assertThat(r.total().categories().get("closed")).extracting(org.touchpoint.events.Money::amount).containsExactly("1000");
        assertThat(r.total().categories().get("pipeline")).extracting(org.touchpoint.events.Money::amount).containsExactly("3700.00");
        assertThat(r.winRate()).isEqualTo(0.5);
        assertThat(r.averageCycleDays()).isEqualTo(4.0);
    }

    @Test
    void erasureDropsTheNameAndCloseReasonAndKeepsTheFigures() {
        Opportunity o = open();
        o.moveTo(PIPELINE, "proposal", null, null, null, "user:lucia", T0.plusSeconds(3600));
        o.moveTo(PIPELINE, "lost", null, "Carmen se jubila y su hija cierra la tienda", null, "user:lucia", T0.plusSeconds(86400 * 3));
        o.markPersisted(2);
        Instant erasedAt = T0.plusSeconds(86400 * 30);
        assertThat(o.forgetPerson(erasedAt)).isTrue();
        assertThat(o.emitted()).as("no touch: the contract has no kind for it").isEmpty();
        OpportunityResponse r = o.toResponse();
        assertThat(r.name()).isEqualTo(Opportunity.ERASED_NAME);
        assertThat(r.closeReason()).isNull();
        assertThat(r.erasedAt()).isEqualTo(erasedAt);
        assertThat(r.customerId()).isEqualTo("con_1");
        assertThat(r.amount().amount()).isEqualTo("3700.00");
        assertThat(r.amount().currency()).isEqualTo("EUR");
        assertThat(r.lineItems()).extracting(OpportunityResponse.LineItemResponse::productCode).containsExactly("TONER-HP-85A", "support-premium");
        assertThat(r.status()).isEqualTo("lost");
        assertThat(r.stage()).isEqualTo("lost");
        assertThat(r.probability()).isZero();
        assertThat(r.ownerId()).isEqualTo("user:lucia");
        assertThat(r.pipelineId()).isEqualTo("pip_TEST");
        assertThat(r.expectedCloseDate()).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(r.closedAt()).isEqualTo(T0.plusSeconds(86400 * 3));
        assertThat(r.cycleDays()).isEqualTo(3);
        assertThat(r.stageHistory()).extracting(Opportunity.StageVisit::stage).containsExactly("prospecting", "proposal", "lost");
        assertThat(r.stageHistory().get(1).enteredAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(o.forgetPerson(erasedAt.plusSeconds(60))).as("a second erasure changes nothing").isFalse();
        assertThat(o.toResponse().erasedAt()).isEqualTo(erasedAt);
    }

    @Test
    void anErasedOpenDealKeepsItsTermsButCanStillBeClosedWithoutAReason() {
        Opportunity o = open();
        o.forgetPerson(T0.plusSeconds(60));
        o.markPersisted(1);
        assertThatThrownBy(() -> o.update(terms(new BigDecimal("10.00"), List.of()), PIPELINE, "user:lucia", T0.plusSeconds(120)))
                .isInstanceOfSatisfying(CrmApiException.class, e -> assertThat(e.status().value()).isEqualTo(409));
        assertThat(o.name()).isEqualTo(Opportunity.ERASED_NAME);
        assertThat(o.amount()).isEqualByComparingTo("3700.00");
        assertThat(o.moveTo(PIPELINE, "won", null, "Carmen nos prefiere", "visit", "user:lucia", T0.plusSeconds(86400))).isTrue();
        Touch won = touch(o);
        assertThat(won.kind()).isEqualTo("opportunity.won");
        assertThat(won.attributes()).containsEntry("name", Opportunity.ERASED_NAME).doesNotContainKey("closeReason");
        assertThat(won.amount().amount()).isEqualTo("3700.00");
        assertThat(o.toResponse().closeReason()).isNull();
    }
}
