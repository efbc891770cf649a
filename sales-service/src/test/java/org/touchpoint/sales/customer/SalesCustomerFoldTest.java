package org.touchpoint.sales.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Money;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.FoldEngine;
import org.touchpoint.kit.folding.FoldEngine.Status;

/** {@link SalesCustomerFold} through the kit's engine: batches of several customers, redelivery, out-of-order profiles, erasure. */
class SalesCustomerFoldTest extends FoldingTestSupport {

    private static CrmEvent<Touch> caseOpened(String customer, String caseId, String subject) {
        return touch("support-service", Touch.builder(customer, TouchKinds.CASE_OPENED).channel(Channels.PHONE).occurredAt(T0)
                .ref("caseId", caseId).attribute("number", "C-" + caseId).attribute("subject", subject)
                .attribute("priority", "high").attribute("status", "new").build());
    }

    private static CrmEvent<Touch> csat(String customer, Object score) {
        return touch("support-service", Touch.builder(customer, TouchKinds.CSAT_RECEIVED).channel(Channels.WEB).occurredAt(T0)
                .ref("caseId", "cas_1").attribute("score", score).attribute("comment", "Tardaron mucho").build());
    }

    @Test
    void aBatchOfSeveralCustomersWritesEachCopyOnceAndReadsNothingForWhatItIgnores() {
        FoldEngine.Report report = fold(
                profile("con_a", 1, "carmen@andina.example"),
                caseOpened("con_a", "cas_1", "La impresora no imprime"),
                csat("con_b", 4),
                touch("marketing-service", Touch.builder("con_c", TouchKinds.MESSAGE_SENT).channel(Channels.EMAIL).occurredAt(T0)
                        .ref("campaignId", "cmp_1").ref("messageId", "msg_1").attribute("campaignName", "Vuelta al cole")
                        .attribute("offerName", "Cartuchos 3x2").build()),
                csat("acc_01JANDINA", 5),                                                     // an account's
                touch("marketing-service", Touch.builder("led_01JLEAD", TouchKinds.MESSAGE_SENT).channel(Channels.EMAIL)
                        .occurredAt(T0).ref("campaignId", "cmp_1").build()),                   // a lead's, not yet a customer
                touch("sales-service", Touch.builder("con_a", TouchKinds.CALL_LOGGED).channel(Channels.PHONE).occurredAt(T0).build()),
                caseOpened("con_a", "cas_2", "Atasco de papel"));

        assertThat(report.viewsWritten()).isEqualTo(3);
        assertThat(List.of(report.status(4), report.status(5), report.status(6))).containsOnly(Status.IGNORED);
        assertThat(report.count(Status.APPLIED)).isEqualTo(5);
        assertThat(raw(SalesCustomerFold.COLLECTION, "acc_01JANDINA")).isNull();
        assertThat(raw(SalesCustomerFold.COLLECTION, "led_01JLEAD")).isNull();

        SalesCustomer a = store.find("con_a").orElseThrow();
        assertThat(a.profile().email()).isEqualTo("carmen@andina.example");
        assertThat(a.cases()).extracting(SalesCustomer.CaseInfo::subject).containsExactly("La impresora no imprime", "Atasco de papel");
        assertThat(a.getVersion()).as("one write for four events").isEqualTo(1);
        assertThat(store.find("con_b").orElseThrow().csat()).singleElement().satisfies(c -> assertThat(c.score()).isEqualTo(4));
        assertThat(store.find("con_c").orElseThrow().lastCampaign().offerName()).isEqualTo("Cartuchos 3x2");
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        CrmEvent<Touch> opened = caseOpened("con_a", "cas_1", "Sin tóner");
        CrmEvent<Touch> score = csat("con_a", 2);
        fold(profile("con_a", 1, "carmen@andina.example"), opened, score);

        FoldEngine.Report again = fold(opened, score);

        assertThat(again.count(Status.DUPLICATE)).isEqualTo(2);
        assertThat(again.viewsWritten()).isZero();
        SalesCustomer a = store.find("con_a").orElseThrow();
        assertThat(a.csat()).hasSize(1);
        assertThat(a.cases()).hasSize(1);
        assertThat(a.getVersion()).isEqualTo(1);
    }

    @Test
    void anOlderProfileVersionArrivingLateChangesNothingAndTheEmailLookupFollowsTheCurrentEmail() {
        fold(profile("con_a", 5, "nueva@andina.example"));
        FoldEngine.Report late = fold(profile("con_a", 2, "vieja@andina.example"), profile("con_a", 5, "otra@andina.example"));
        assertThat(late.count(Status.APPLIED)).isEqualTo(2);
        assertThat(late.viewsWritten()).as("applied, remembered, nothing else changed").isEqualTo(1);
        assertThat(store.find("con_a").orElseThrow().profile().email()).isEqualTo("nueva@andina.example");
        assertThat(store.byEmail(" NUEVA@andina.example ")).map(SalesCustomer::getId).contains("con_a");
        assertThat(store.byEmail("vieja@andina.example")).isEmpty();

        fold(profile("con_a", 6, "cambiada@andina.example"));
        assertThat(store.byEmail("cambiada@andina.example")).map(SalesCustomer::getId).contains("con_a");
        assertThat(raw(EmailKeys.COLLECTION, EmailKeys.of("nueva@andina.example"))).as("left behind").isNotNull();
        assertThat(store.byEmail("nueva@andina.example")).as("a stale entry is not believed").isEmpty();
        assertThat(raw(EmailKeys.COLLECTION, EmailKeys.of("cambiada@andina.example")).toJson()).doesNotContain("cambiada");
    }

    @Test
    void aTombstoneForgetsTheCopyLeavesAPendingErasureAndLaterEventsDoNotBringItBack() {
        fold(profile("con_a", 1, "carmen@andina.example"), caseOpened("con_a", "cas_1", "Sin tóner"), csat("con_a", 3),
                profile("con_b", 1, "otra@andina.example"));

        FoldEngine.Report erased = fold("tombstone:con_a", csat("con_a", 1), profile("con_a", 2, "carmen@andina.example"));

        assertThat(erased.status(0)).isEqualTo(Status.APPLIED);
        assertThat(erased.status(1)).isEqualTo(Status.FORGOTTEN);
        assertThat(erased.status(2)).isEqualTo(Status.FORGOTTEN);
        assertThat(store.erased("con_a")).isTrue();
        assertThat(store.find("con_a")).isEmpty();
        assertThat(store.byEmail("carmen@andina.example")).isEmpty();
        assertThat(raw(SalesCustomerFold.COLLECTION, "con_a").toJson()).doesNotContain("Carmen").doesNotContain("Sin tóner");
        assertThat(raw(Erasures.COLLECTION, "con_a").getList(Erasures.EMAIL_KEYS, String.class))
                .containsExactly(EmailKeys.of("carmen@andina.example"));
        assertThat(store.erased("con_b")).isFalse();
        assertThat(store.find("con_b")).isPresent();

        mongo.remove(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("_id").is("con_a")), Erasures.COLLECTION);
        FoldEngine.Report redelivered = fold("tombstone:con_a", caseOpened("con_a", "cas_9", "Otra vez"));
        assertThat(redelivered.count(Status.FORGOTTEN)).isEqualTo(2);
        assertThat(redelivered.viewsWritten()).isZero();
        assertThat(raw(Erasures.COLLECTION, "con_a")).as("a forgotten copy writes no second pending erasure").isNull();
    }

    @Test
    void aTombstoneOfACustomerNeverSeenLeavesTheErasedMarker() {
        fold("tombstone:con_z");
        assertThat(store.erased("con_z")).isTrue();
        assertThat(store.erased("con_unknown")).isFalse();
    }

    @Test
    void aWonDealBecomesAPurchaseWithItsTypedLineItems() {
        fold(touch("sales-service", Touch.builder("con_a", TouchKinds.OPPORTUNITY_WON).channel(Channels.VISIT).occurredAt(T0)
                .ref("opportunityId", "opp_1").amount(new Money("3700.00", "EUR")).attribute("name", "Tóner y soporte")
                .attribute("lineItems", List.of(
                        Map.of("productCode", "TONER-HP-85A", "category", "ink-cartridges", "quantity", "40", "unitPrice", "62.50"),
                        Map.of("productCode", "support-premium", "category", "support-plan", "quantity", "1", "unitPrice", "1200.00",
                                "termMonths", 12),
                        Map.of("name", "no product code: skipped")))
                .build()),
                csat("con_a", 9)); // not a score the contract knows

        SalesCustomer a = store.find("con_a").orElseThrow();
        assertThat(a.purchases()).singleElement().satisfies(p -> {
            assertThat(p.amount().amount()).isEqualTo("3700.00");
            assertThat(p.lineItems()).containsExactly(
                    new SalesCustomer.Item("TONER-HP-85A", null, "ink-cartridges", "40", "62.50", null),
                    new SalesCustomer.Item("support-premium", null, "support-plan", "1", "1200.00", 12));
        });
        assertThat(a.csat()).isEmpty();
    }
}
