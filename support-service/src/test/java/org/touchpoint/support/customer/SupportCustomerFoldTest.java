package org.touchpoint.support.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.touchpoint.events.Channels;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.Money;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.folding.BatchEnds;
import org.touchpoint.kit.folding.EmbeddedMongo;
import org.touchpoint.kit.folding.FoldEngine;
import org.touchpoint.kit.folding.FoldEngine.Status;
import org.touchpoint.kit.folding.FoldEvent;
import org.touchpoint.kit.test.TestInfrastructure;

/** The customer fold through the kit's engine on mongo-java-server, without Kafka: a list of events is a batch. */
class SupportCustomerFoldTest {

    private static final Instant T0 = Instant.parse("2026-11-10T09:00:00Z");
    private static MongoClient client;

    private MongoTemplate mongo;
    private FoldEngine engine;
    private SupportCustomerFold fold;
    private CustomerDirectory directory;
    private final List<FoldEvent> batch = new ArrayList<>();
    private long offset;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(TestInfrastructure.mongoUri());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @BeforeEach
    void setUp() {
        mongo = new MongoTemplate(client, "support_fold_" + UUID.randomUUID().toString().replace("-", ""));
        engine = new FoldEngine(mongo, new EmbeddedMongo(mongo, "auto"), Clock.systemUTC(), 64, 4, new SimpleMeterRegistry());
        fold = new SupportCustomerFold(3);
        directory = new CustomerDirectory(mongo);
    }

    // ------------------------------------------------------------------ events

    private CrmEvent<Touch> touch(String service, Touch.Builder touch) {
        CrmEvent<Touch> event = CrmEvent.touch(service, touch.build(), null);
        batch.add(FoldEvent.touch(batch.size(), Topics.TOUCHES, 0, offset++, event));
        return event;
    }

    private CrmEvent<Touch> call(String customer, Instant at) {
        return touch("sales-service", Touch.builder(customer, "call.logged").channel(Channels.PHONE).occurredAt(at)
                .summary("Call at " + at).attribute("subject", "Seguimiento"));
    }

    private void profile(String customer, String accountId, String lastName, long version) {
        CustomerProfile p = new CustomerProfile(customer, accountId, "Ferretería El Tornillo", "Lucía", lastName, "Lucía " + lastName,
                null, "lucia@eltornillo.example", null, null, "user:camila", "customer", Map.of(), List.of("vip"), version, T0);
        batch.add(FoldEvent.profile(batch.size(), Topics.CUSTOMER_PROFILES, 0, offset++, customer,
                CrmEvent.profile("customer-service", p, null)));
    }

    private void tombstone(String customer) {
        batch.add(FoldEvent.profile(batch.size(), Topics.CUSTOMER_PROFILES, 0, offset++, customer, null));
    }

    /** Folds what was collected as one batch and starts the next one. */
    private FoldEngine.Report fold() {
        List<FoldEvent> events = List.copyOf(batch);
        batch.clear();
        return engine.fold(fold, events, new BatchEnds().put(Topics.TOUCHES, 0, offset).put(Topics.CUSTOMER_PROFILES, 0, offset));
    }

    private FoldEngine.Report redeliver(List<FoldEvent> events) {
        List<FoldEvent> again = new ArrayList<>();
        for (FoldEvent e : events) {
            again.add(new FoldEvent(again.size(), e.topic(), e.partition(), e.offset(), e.customerId(), e.touch(), e.profile()));
        }
        return engine.fold(fold, again, new BatchEnds().put(Topics.TOUCHES, 0, offset).put(Topics.CUSTOMER_PROFILES, 0, offset));
    }

    private CustomerCopy copy(String customer) {
        return directory.find(customer).orElseThrow();
    }

    private long version(String customer) {
        return mongo.findById(customer, SupportCustomer.class, SupportCustomerFold.COLLECTION).getVersion();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aBatchOfSeveralCustomersWritesEachCopyOnceWithItsDealsCampaignsAndTouches() {
        touch("sales-service", Touch.builder("con_a", "opportunity.created").accountId("acc_1").occurredAt(T0)
                .ref("opportunityId", "opp_1").attribute("name", "Ampliación 12 tiendas").attribute("stage", "qualification")
                .attribute("probability", 20).attribute("expectedCloseDate", "2027-01-31").amount(new Money("52000.00", "COP")));
        touch("marketing-service", Touch.builder("con_b", "message.sent").channel(Channels.EMAIL).occurredAt(T0)
                .ref("campaignId", "cmp_1").ref("messageId", "msg_1").attribute("campaignName", "Black Friday")
                .attribute("offerCode", "BF25").attribute("offerName", "25 %").attribute("subject", "Solo hoy"));
        touch("sales-service", Touch.builder("con_a", "opportunity.won").accountId("acc_1").occurredAt(T0.plusSeconds(60))
                .ref("opportunityId", "opp_1").attribute("name", "Ampliación 12 tiendas").amount(new Money("50000.00", "COP"))
                .attribute("lineItems", List.of(Map.of("productCode", "support-premium", "category", "support-plan"))));
        call("con_c", T0);
        profile("con_b", "acc_2", "Gómez", 1);

        FoldEngine.Report report = fold();

        assertThat(report.viewsWritten()).isEqualTo(3);
        assertThat(report.count(Status.APPLIED)).isEqualTo(5);
        CustomerCopy a = copy("con_a");
        assertThat(a.profile()).isNull();
        assertThat(a.dealHistory()).extracting(CustomerCopy.DealEvent::kind).containsExactly("opportunity.created", "opportunity.won");
        CustomerCopy.DealEvent created = a.dealHistory().getFirst();
        assertThat(created.probability()).isEqualTo(20);
        assertThat(created.expectedCloseDate()).isEqualTo("2027-01-31");
        assertThat(created.amount()).isEqualTo("52000.00");
        assertThat(created.currency()).isEqualTo("COP");
        assertThat(a.dealHistory().getLast().stage()).isNull();
        assertThat(a.recentTouches()).hasSize(2);
        CustomerCopy b = copy("con_b");
        assertThat(b.profile().displayName()).isEqualTo("Lucía Gómez");
        assertThat(b.campaigns()).singleElement().satisfies(c -> {
            assertThat(c.campaignName()).isEqualTo("Black Friday");
            assertThat(c.offerCode()).isEqualTo("BF25");
            assertThat(c.channel()).isEqualTo(Channels.EMAIL);
        });
        assertThat(copy("con_c").recentTouches()).singleElement().satisfies(t -> assertThat(t.kind()).isEqualTo("call.logged"));
    }

    @Test
    void anUpdatedDealIsPartOfItsHistory() {
        touch("sales-service", Touch.builder("con_a", "opportunity.updated").occurredAt(T0.plusSeconds(3600))
                .ref("opportunityId", "opp_1").attribute("name", "Ampliación 14 tiendas").attribute("stage", "proposal")
                .attribute("changedFields", List.of("amount", "name")).amount(new Money("61500.00", "EUR")));
        touch("sales-service", Touch.builder("con_a", "opportunity.created").occurredAt(T0).ref("opportunityId", "opp_1")
                .attribute("name", "Ampliación 12 tiendas").attribute("stage", "proposal").amount(new Money("52000.00", "EUR")));
        fold();

        assertThat(copy("con_a").dealHistory()).extracting(CustomerCopy.DealEvent::kind, CustomerCopy.DealEvent::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("opportunity.created", "52000.00"),
                        org.assertj.core.groups.Tuple.tuple("opportunity.updated", "61500.00"));
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        call("con_a", T0);
        profile("con_a", null, "Gómez", 1);
        call("con_b", T0);
        List<FoldEvent> first = List.copyOf(batch);
        fold();
        CustomerCopy before = copy("con_a");
        long version = version("con_a");

        FoldEngine.Report again = redeliver(first);

        assertThat(again.count(Status.DUPLICATE)).isEqualTo(3);
        assertThat(again.viewsWritten()).isZero();
        assertThat(copy("con_a")).isEqualTo(before);
        assertThat(version("con_a")).isEqualTo(version);
    }

    @Test
    void theNewestProfileVersionWinsWhateverTheArrivalOrder() {
        profile("con_a", "acc_1", "Gómez", 3);
        profile("con_a", "acc_1", "Antigua", 1);
        fold();
        profile("con_a", "acc_1", "Intermedia", 2);
        fold();
        assertThat(copy("con_a").profile().lastName()).isEqualTo("Gómez");

        profile("con_a", "acc_1", "Nueva", 4);
        fold();
        assertThat(copy("con_a").profile().lastName()).isEqualTo("Nueva");
    }

    @Test
    void theAccountComesFromTouchesUntilTheProfileNamesOne() {
        touch("sales-service", Touch.builder("con_a", "call.logged").accountId("acc_new").occurredAt(T0.plusSeconds(60)));
        touch("sales-service", Touch.builder("con_a", "call.logged").accountId("acc_old").occurredAt(T0)); // older, arrives later
        fold();
        assertThat(directory.accountOf("con_a")).contains("acc_new");

        profile("con_a", null, "Gómez", 1);
        fold();
        assertThat(directory.accountOf("con_a")).as("a profile without an account").contains("acc_new");

        profile("con_a", "acc_profile", "Gómez", 2);
        fold();
        assertThat(directory.accountOf("con_a")).contains("acc_profile");
    }

    @Test
    void listsKeepTheNewestByOccurredAtWhateverTheArrivalOrder() {
        for (int minute : new int[]{4, 0, 2, 5, 1, 3}) {
            call("con_a", T0.plusSeconds(60L * minute));
        }
        fold();
        assertThat(copy("con_a").recentTouches()).extracting(CustomerCopy.RecentTouch::occurredAt)
                .containsExactly(T0.plusSeconds(180), T0.plusSeconds(240), T0.plusSeconds(300));
    }

    @Test
    void accountLevelTouchesAreIgnored() {
        touch("customer-service", Touch.builder("acc_1", "account.updated").accountId("acc_1").occurredAt(T0)
                .ref("accountId", "acc_1").attribute("name", "Ferretería"));
        touch("support-service", Touch.builder("acc_1", "entitlement.changed").accountId("acc_1").occurredAt(T0)
                .ref("accountId", "acc_1").attribute("tier", "premium"));

        FoldEngine.Report report = fold();

        assertThat(report.count(Status.IGNORED)).isEqualTo(2);
        assertThat(mongo.findById("acc_1", SupportCustomer.class, SupportCustomerFold.COLLECTION)).isNull();
    }

    @Test
    void aTombstoneForgetsTheCopyAndNothingLaterBringsItBack() {
        profile("con_a", "acc_1", "Gómez", 1);
        call("con_a", T0);
        fold();
        tombstone("con_a");
        fold();
        assertThat(directory.find("con_a")).isEmpty();

        profile("con_a", "acc_1", "Gómez", 2);
        call("con_a", T0.plusSeconds(60));
        FoldEngine.Report late = fold();

        assertThat(late.count(Status.FORGOTTEN)).isEqualTo(2);
        assertThat(directory.find("con_a")).isEmpty();
        assertThat(directory.accountOf("con_a")).isEmpty();
    }

    @Test
    void aDeletedOrErasedCustomerIsForgottenInTheSameBatch() {
        profile("con_a", "acc_1", "Gómez", 1);
        touch("customer-service", Touch.builder("con_a", "contact.deleted").occurredAt(T0).ref("contactId", "con_a"));
        call("con_a", T0.plusSeconds(60));
        profile("con_b", null, "Pérez", 1);
        touch("customer-service", Touch.builder("con_b", "customer.erased").occurredAt(T0).ref("contactId", "con_b"));

        FoldEngine.Report report = fold();

        assertThat(report.count(Status.FORGOTTEN)).isEqualTo(1);
        assertThat(directory.find("con_a")).isEmpty();
        assertThat(directory.find("con_b")).isEmpty();
        assertThat(mongo.findById("con_a", SupportCustomer.class, SupportCustomerFold.COLLECTION).isForgotten()).isTrue();
    }
}
