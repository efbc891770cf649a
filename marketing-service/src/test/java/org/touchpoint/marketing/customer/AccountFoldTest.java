package org.touchpoint.marketing.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.touchpoint.marketing.customer.FoldBatches.profile;
import static org.touchpoint.marketing.customer.FoldBatches.touch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.folding.FoldEngine;
import org.touchpoint.kit.folding.FoldEvent;

/** The accounts fold driven through the kit's engine without Kafka: several accounts, out of order, redelivered. */
class AccountFoldTest {

    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
    private final List<CustomerChanged> announced = new ArrayList<>();
    private FoldBatches b;
    private AccountFold accounts;
    private CustomerFold customers;
    private CustomerViews views;

    @BeforeEach
    void setUp() {
        b = new FoldBatches();
        CustomerChanges changes = new CustomerChanges(e -> announced.add((CustomerChanged) e));
        accounts = new AccountFold(changes);
        customers = new CustomerFold(changes);
        views = new CustomerViews(b.mongo, FoldBatches.KAFKA);
    }

    @AfterEach
    void tearDown() {
        b.close();
    }

    static CrmEvent<Touch> account(String id, String kind, Instant at, Object... attributes) {
        Touch.Builder t = Touch.builder(id, kind).accountId(id).occurredAt(at).ref("accountId", id);
        for (int i = 0; i < attributes.length; i += 2) {
            t.attribute((String) attributes[i], attributes[i + 1]);
        }
        return touch(kind.equals(TouchKinds.ENTITLEMENT_CHANGED) ? "support-service" : "customer-service", t);
    }

    private AccountView accountOf(String customerId) {
        return views.find(customerId).orElseThrow().account();
    }

    @Test
    void severalAccountsInOneBatchOnlyALaterTouchWinsAndAbsentFieldsStay() {
        List<FoldEvent> batch = b.batch(
                account("acc_1", TouchKinds.ACCOUNT_CREATED, T, "name", "Papelería Andina", "industry", "retail", "size", 12, "tier", "gold"),
                account("acc_1", TouchKinds.ACCOUNT_UPDATED, T.minusSeconds(60), "industry", "banking"), // older: ignored
                account("acc_2", TouchKinds.ACCOUNT_CREATED, T, "name", "Ferretería Sur"),
                account("acc_1", TouchKinds.ENTITLEMENT_CHANGED, T, "tier", "premium", "source", "api"),
                account("acc_1", TouchKinds.ENTITLEMENT_CHANGED, T.minusSeconds(1), "tier", "basic", "source", "api"), // older
                account("acc_2", TouchKinds.ACCOUNT_UPDATED, T.plusSeconds(1), "tier", "silver"),
                account("acc_3", TouchKinds.ACCOUNT_DELETED, T));
        FoldEngine.Report report = b.fold(accounts, batch);
        assertThat(report.viewsWritten()).isEqualTo(2);
        assertThat(report.status(6)).isEqualTo(FoldEngine.Status.IGNORED);
        assertThat(announced).containsExactly(CustomerChanged.account("acc_1"), CustomerChanged.account("acc_2"));

        b.fold(customers, b.batch(profile("con_A", 1, "acc_1", true), profile("con_B", 1, "acc_2", true), profile("con_C", 1, "acc_9", true)));
        assertThat(accountOf("con_A")).isEqualTo(new AccountView("acc_1", "Papelería Andina", "retail", "gold", "premium"));
        assertThat(accountOf("con_B")).isEqualTo(new AccountView("acc_2", "Ferretería Sur", null, "silver", null));
        assertThat(accountOf("con_C")).as("no account touch yet").isEqualTo(AccountView.none("acc_9"));
        assertThat(b.mongo.findById("acc_1", FoldedAccount.class, CustomerViews.ACCOUNTS).size).isEqualTo(12);
    }

    @Test
    void aRedeliveryChangesNothingAndAnOlderTouchInALaterBatchIsIgnored() {
        List<FoldEvent> batch = b.batch(account("acc_1", TouchKinds.ACCOUNT_CREATED, T, "name", "Andina", "industry", "retail"));
        b.fold(accounts, batch);
        long version = b.mongo.findById("acc_1", FoldedAccount.class, CustomerViews.ACCOUNTS).getVersion();
        announced.clear();

        FoldEngine.Report again = b.fold(accounts, b.batch(batch.getFirst()));
        assertThat(again.status(0)).isEqualTo(FoldEngine.Status.DUPLICATE);
        assertThat(again.viewsWritten()).isZero();

        FoldEngine.Report older = b.fold(accounts, b.batch(account("acc_1", TouchKinds.ACCOUNT_UPDATED, T.minusSeconds(5), "industry", "banking")));
        assertThat(older.status(0)).isEqualTo(FoldEngine.Status.APPLIED);
        FoldedAccount stored = b.mongo.findById("acc_1", FoldedAccount.class, CustomerViews.ACCOUNTS);
        assertThat(stored.industry).isEqualTo("retail");
        assertThat(stored.getVersion()).as("the event is remembered as applied").isEqualTo(version + 1);
        assertThat(announced).as("nothing segment rules read changed").isEmpty();
    }
}
