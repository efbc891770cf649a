package org.touchpoint.marketing.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.touchpoint.marketing.customer.FoldBatches.againUnderAnotherId;
import static org.touchpoint.marketing.customer.FoldBatches.profile;
import static org.touchpoint.marketing.customer.FoldBatches.touch;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Money;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.FoldEngine;
import org.touchpoint.kit.folding.FoldEvent;

/** The customers fold driven through the kit's engine without Kafka: batches, redeliveries, late profiles, erasure. */
class CustomerFoldTest {

    private final List<CustomerChanged> announced = new ArrayList<>();
    private FoldBatches b;
    private CustomerFold fold;
    private CustomerViews views;

    @BeforeEach
    void setUp() {
        b = new FoldBatches();
        fold = new CustomerFold(new CustomerChanges(e -> announced.add((CustomerChanged) e)));
        views = new CustomerViews(b.mongo, FoldBatches.KAFKA);
    }

    @AfterEach
    void tearDown() {
        b.close();
    }

    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

    static CrmEvent<Touch> won(String customer, String opportunityId, String amount, Map<?, ?>... items) {
        return touch("sales-service", Touch.builder(customer, TouchKinds.OPPORTUNITY_WON).channel(Channels.VISIT).occurredAt(T)
                .ref("opportunityId", opportunityId).amount(amount == null ? null : new Money(amount, "EUR"))
                .attribute("lineItems", List.of(items)));
    }

    static CrmEvent<Touch> kase(String customer, String kind, String caseId, String priority, Instant at) {
        return touch("support-service", Touch.builder(customer, kind).channel(kind.equals(TouchKinds.CASE_OPENED) ? Channels.PHONE
                : Channels.SYSTEM).occurredAt(at).ref("caseId", caseId).attribute("priority", priority));
    }

    static CrmEvent<Touch> marketing(String customer, String kind, String channel, Instant at, String... attributes) {
        Touch.Builder t = Touch.builder(customer, kind).channel(channel).occurredAt(at).ref("campaignId", "cmp_1").ref("messageId", "msg_1");
        for (int i = 0; i < attributes.length; i += 2) {
            t.attribute(attributes[i], attributes[i + 1]);
        }
        return touch("marketing-service", t);
    }

    private CustomerView view(String id) {
        return views.find(id).orElseThrow();
    }

    @Test
    void aBatchOfSeveralCustomersFoldsEachInItsOrderAndAnnouncesEachOnce() {
        List<FoldEvent> batch = b.batch(
                profile("con_A", 1, "acc_1", true, "vip"),
                won("con_A", "opp_1", "240.00", Map.of("productCode", "HP-664", "name", "Cartucho", "category", "ink", "quantity", "2",
                        "unitPrice", "60.00"), Map.of("productCode", "USB-2M", "category", "cables", "quantity", 4, "unitPrice", "30.00"),
                        Map.of("name", "no product code: skipped")),
                profile("con_B", 3, "acc_1", false),
                kase("con_B", TouchKinds.CASE_OPENED, "cas_1", "urgent", T),
                marketing("con_C", TouchKinds.MESSAGE_OPENED, Channels.EMAIL, T.plusSeconds(5), "offerCode", "x"),
                marketing("con_C", TouchKinds.LINK_CLICKED, Channels.EMAIL, T.plusSeconds(9), "link", "landing"),
                marketing("con_C", TouchKinds.CAMPAIGN_RESPONDED, Channels.WEB, T.plusSeconds(7), "response", "form"),
                touch("sales-service", Touch.builder("con_C", TouchKinds.OPPORTUNITY_UPDATED).occurredAt(T).ref("opportunityId", "opp_9")
                        .amount(new Money("99.00", "EUR")).attribute("changedFields", List.of("amount"))));

        FoldEngine.Report report = b.fold(fold, batch);

        assertThat(report.viewsWritten()).isEqualTo(3);
        assertThat(report.status(7)).as("opportunity.updated: marketing keeps no open deal").isEqualTo(FoldEngine.Status.IGNORED);
        CustomerView a = view("con_A");
        assertThat(a.known()).isTrue();
        assertThat(a.tags()).containsExactly("vip");
        assertThat(a.consents("email")).isTrue();
        assertThat(a.purchases()).extracting(CustomerView.Purchase::productCode).containsExactly("HP-664", "USB-2M");
        assertThat(a.wonTotals()).containsEntry("EUR", new BigDecimal("240.00"));
        assertThat(a.lastTouchAt()).isEqualTo(T);
        assertThat(view("con_B").openCases()).containsEntry("cas_1", "urgent");
        assertThat(view("con_B").consents("email")).isFalse();
        CustomerView c = view("con_C");
        assertThat(c.known()).as("touches before the profile are kept").isFalse();
        assertThat(c.engagement()).isEqualTo(new CustomerView.Engagement(1, 1, 1));
        assertThat(c.lastTouchAt()).as("the latest conversation, whatever the order").isEqualTo(T.plusSeconds(9));
        assertThat(announced).containsExactly(CustomerChanged.customers(List.of("con_A", "con_B", "con_C")));
        assertThat(views.customersOf("acc_1")).containsExactly("con_A", "con_B");
    }

    @Test
    void aRedeliveredBatchChangesNothingAndTheSameDealUnderAnotherIdCountsOnce() {
        CrmEvent<Touch> deal = won("con_A", "opp_1", "60.00", Map.of("productCode", "HP-664", "unitPrice", "60.00"));
        List<FoldEvent> batch = b.batch(profile("con_A", 1, null, true), deal,
                marketing("con_A", TouchKinds.MESSAGE_OPENED, Channels.EMAIL, T, "offerCode", "x"));
        b.fold(fold, batch);
        CustomerView before = view("con_A");
        announced.clear();

        FoldEngine.Report again = b.fold(fold, b.batch(batch.get(2), batch.get(1), batch.get(0)));
        assertThat(again.count(FoldEngine.Status.DUPLICATE)).isEqualTo(3);
        assertThat(again.viewsWritten()).isZero();
        assertThat(announced).as("the folds announce nothing: the reaction does, record by record").isEmpty();

        b.fold(fold, b.batch(againUnderAnotherId(deal), won("con_A", "opp_2", "1.00")));
        CustomerView after = view("con_A");
        assertThat(after.engagement()).isEqualTo(before.engagement());
        assertThat(after.purchases()).hasSize(1);
        assertThat(after.wins()).extracting(CustomerView.Win::opportunityId).containsExactly("opp_1", "opp_2");
    }

    @Test
    void anOlderProfileIsIgnoredWithinABatchAndAcrossBatches() {
        b.fold(fold, b.batch(profile("con_A", 5, "acc_1", true, "new"), profile("con_A", 4, "acc_2", false, "old")));
        assertThat(b.mongo.findById("con_A", FoldedCustomer.class, CustomerViews.CUSTOMERS).profileVersion).isEqualTo(5L);
        b.fold(fold, b.batch(profile("con_A", 3, "acc_3", false, "older")));
        CustomerView a = view("con_A");
        assertThat(a.tags()).containsExactly("new");
        assertThat(a.accountId()).isEqualTo("acc_1");
        assertThat(a.consents("email")).isTrue();
        assertThat(views.customersOf("acc_2")).isEmpty();
        assertThat(views.customersOf("acc_3")).isEmpty();
    }

    @Test
    void aTombstoneForgetsTheCustomerAndNothingLaterBringsItBack() {
        b.fold(fold, b.batch(profile("con_A", 1, "acc_1", true, "vip"), won("con_A", "opp_1", "10.00"), profile("con_B", 1, "acc_1", true)));
        assertThat(views.customersOf("acc_1")).containsExactly("con_A", "con_B");

        FoldEngine.Report erased = b.fold(fold, b.batch("con_A"));
        assertThat(erased.viewsWritten()).isEqualTo(1);
        assertThat(views.find("con_A")).isEmpty();
        assertThat(b.mongo.findById("con_A", org.bson.Document.class, CustomerViews.CUSTOMERS))
                .doesNotContainKeys("firstName", "email", "tags", "wins", "purchases");
        assertThat(views.customersOf("acc_1")).as("an erased customer leaves its account").containsExactly("con_B");

        FoldEngine.Report late = b.fold(fold, b.batch(profile("con_A", 2, "acc_1", true), won("con_A", "opp_2", "5.00"), "con_A"));
        assertThat(late.count(FoldEngine.Status.FORGOTTEN)).isEqualTo(3);
        assertThat(views.find("con_A")).isEmpty();
        assertThat(views.customersOf("acc_1")).containsExactly("con_B");
    }

    @Test
    void aCustomerErasedTouchForgetsTheCustomerToo() {
        b.fold(fold, b.batch(profile("con_A", 1, null, true)));
        b.fold(fold, b.batch(touch("customer-service", Touch.builder("con_A", TouchKinds.CUSTOMER_ERASED).ref("contactId", "con_A"))));
        assertThat(views.find("con_A")).isEmpty();
    }

    @Test
    void aCustomerWhoMovesToAnotherAccountLeavesTheOldOne() {
        b.fold(fold, b.batch(profile("con_A", 1, "acc_1", true), profile("con_B", 1, "acc_1", true)));
        b.fold(fold, b.batch(profile("con_A", 2, "acc_2", true), profile("con_B", 2, null, true)));
        assertThat(views.customersOf("acc_1")).isEmpty();
        assertThat(views.customersOf("acc_2")).containsExactly("con_A");
    }

    @Test
    void casesOpenChangeAndCloseAndLateTouchesOfAClosedCaseAreIgnored() {
        b.fold(fold, b.batch(profile("con_A", 1, null, true),
                kase("con_A", TouchKinds.CASE_UPDATED, "cas_0", "low", T), // never seen open: ignored
                kase("con_A", TouchKinds.CASE_OPENED, "cas_1", "normal", T),
                kase("con_A", TouchKinds.CASE_ESCALATED, "cas_1", "urgent", T.plusSeconds(1)),
                kase("con_A", TouchKinds.CASE_UPDATED, "cas_1", null, T.plusSeconds(2)), // no priority: keeps urgent
                kase("con_A", TouchKinds.CASE_OPENED, "cas_2", "low", T)));
        assertThat(view("con_A").openCases()).containsExactly(Map.entry("cas_1", "urgent"), Map.entry("cas_2", "low"));
        assertThat(view("con_A").lastTouchAt()).as("system touches are not conversations").isEqualTo(T);

        b.fold(fold, b.batch(kase("con_A", TouchKinds.CASE_CLOSED, "cas_1", "urgent", T.plusSeconds(3)),
                kase("con_A", TouchKinds.CASE_UPDATED, "cas_1", "low", T.plusSeconds(4))));
        assertThat(view("con_A").openCases()).containsOnlyKeys("cas_2");

        b.fold(fold, b.batch(kase("con_A", TouchKinds.CASE_REOPENED, "cas_1", "high", T.plusSeconds(5))));
        assertThat(view("con_A").openCases()).containsEntry("cas_1", "high").containsEntry("cas_2", "low");
    }

    @Test
    void anUnsubscribeStopsAtOnceAndTheMailOptOutOutlivesTheNextProfile() {
        b.fold(fold, b.batch(profile("con_A", 1, null, true),
                marketing("con_A", TouchKinds.CONSENT_WITHDRAWN, Channels.EMAIL, T, "channel", "email", "source", "unsubscribe-link"),
                marketing("con_A", TouchKinds.CONSENT_WITHDRAWN, Channels.SYSTEM, T, "channel", "mail", "source", "unsubscribe-link")));
        assertThat(view("con_A").consents("email")).isFalse();
        assertThat(view("con_A").consent()).containsEntry("mail", false);

        b.fold(fold, b.batch(profile("con_A", 2, null, false)));
        assertThat(view("con_A").consent()).containsEntry("mail", false).containsEntry("sms", true);
    }
}
