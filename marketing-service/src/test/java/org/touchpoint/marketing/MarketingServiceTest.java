package org.touchpoint.marketing;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.touchpoint.events.Consent;
import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.CustomerProfile;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Money;
import org.touchpoint.events.Scopes;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.test.ServiceTestSupport;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TestTokens;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.marketing.customer.CustomerView;
import org.touchpoint.marketing.customer.CustomerViews;

/**
 * One context for every Spring test of the service: random port, the JVM's embedded broker and MongoDB (from the
 * kit), and a real SMTP server (GreenMail) in the JVM whose received messages the tests read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.mongodb.database=crm_marketing_test", "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN",
        "crm.marketing.public-base-url=https://crm.example.test/",
        "crm.marketing.sender.interval=100ms", "crm.marketing.sender.retry-backoff=200ms",
        "crm.marketing.scheduler.interval=300ms", "crm.marketing.email.rate-per-second=200",
        "crm.marketing.recommendations.refresh=0s", "crm.marketing.recommendations.min-support=0",
        "crm.marketing.frequency-cap.max-messages=2"})
public abstract class MarketingServiceTest extends ServiceTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final GreenMail SMTP = startSmtp();
    protected static final Map<String, String> ALL = TestTokens.authorization(
            Scopes.SEGMENTS_READ, Scopes.SEGMENTS_WRITE, Scopes.CAMPAIGNS_READ, Scopes.CAMPAIGNS_WRITE);

    @Autowired
    protected EventCodec codec;
    @Autowired
    protected MongoTemplate mongo;
    @Autowired
    protected CustomerViews views;

    private static GreenMail startSmtp() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        Runtime.getRuntime().addShutdownHook(new Thread(mail::stop, "greenmail-stop"));
        return mail;
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    protected HttpResponse<String> call(String method, String path, String body) {
        return call(method, path, body, ALL);
    }

    protected HttpResponse<String> anonymous(String method, String path, String body) {
        return call(method, path, body, body == null ? Map.of() : Map.of("Content-Type", "application/json"));
    }

    protected static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** A tag no other test uses, so a segment on it selects only this test's customers. */
    protected static String tag() {
        return "t" + unique();
    }

    // ---- feeding the customer view as the other services would ----

    protected void publish(CrmEvent<?> event) {
        String topic = event.data() instanceof CustomerProfile ? Topics.CUSTOMER_PROFILES : Topics.TOUCHES;
        TopicProbe.send(TestInfrastructure.kafkaBootstrapServers(), codec.toRecord(topic, event));
    }

    /** Publishes a profile (version 0) and waits until the view holds it. */
    protected String customer(String firstName, String nickname, boolean emailConsent, String... tags) {
        String id = "con_" + unique().toUpperCase();
        profile(id, firstName, nickname, emailConsent, 0, null, tags);
        await().atMost(WAIT).until(() -> known(id));
        return id;
    }

    protected CustomerProfile profile(String id, String firstName, String nickname, boolean emailConsent, long version,
                                      String accountId, String... tags) {
        CrmEvent<CustomerProfile> event = profileEvent(id, firstName, nickname, emailConsent, version, accountId, tags);
        publish(event);
        return event.data();
    }

    /** The profile snapshot customer-service would publish (not published). */
    protected CrmEvent<CustomerProfile> profileEvent(String id, String firstName, String nickname, boolean emailConsent, long version,
                                                     String accountId, String... tags) {
        Map<String, Consent> consent = new HashMap<>();
        consent.put("email", new Consent(emailConsent ? Consent.GRANTED : Consent.WITHDRAWN, Instant.now(), "web-form"));
        CustomerProfile p = new CustomerProfile(id, accountId, null, firstName, "Gómez", firstName + " Gómez", nickname,
                firstName.toLowerCase() + "." + id.toLowerCase() + "@cliente.example", "+57 300 000 0000", null, "user:lucia",
                "customer", consent, Arrays.asList(tags), version, Instant.now());
        return CrmEvent.profile("customer-service", p, null);
    }

    /** Marketing's copy of the customer, as the rest of the service reads it (empty when unknown or erased). */
    protected java.util.Optional<CustomerView> customerView(String id) {
        return views.find(id);
    }

    /** The customer's open cases (case id to priority), empty when the customer is unknown. */
    protected Map<String, String> openCases(String id) {
        return customerView(id).map(CustomerView::openCases).orElse(Map.of());
    }

    protected boolean known(String id) {
        org.bson.Document d = mongo.findById(id, org.bson.Document.class, CustomerViews.CUSTOMERS);
        return d != null && Boolean.TRUE.equals(d.getBoolean("known"));
    }

    /** An opportunity.won touch with line items {productCode, name, category, quantity, unitPrice}. */
    protected CrmEvent<Touch> won(String customerId, String opportunityId, Instant at, String amount, List<Map<String, Object>> lineItems) {
        return CrmEvent.touch("sales-service", Touch.builder(customerId, TouchKinds.OPPORTUNITY_WON).channel("visit").occurredAt(at)
                .actor("user:lucia").summary("Deal won").ref("opportunityId", opportunityId).ref("pipelineId", "pip_default")
                .amount(new Money(amount, "EUR")).attribute("name", "Pedido").attribute("lineItems", lineItems).build(), null);
    }

    protected static Map<String, Object> item(String code, String name, String category, int quantity, String unitPrice) {
        return Map.of("productCode", code, "name", name, "category", category, "quantity", quantity, "unitPrice", unitPrice);
    }

    protected static long purchases(MongoTemplate mongo, String id) {
        org.bson.Document d = mongo.findById(id, org.bson.Document.class, CustomerViews.CUSTOMERS);
        return d == null ? 0 : d.getList("purchases", org.bson.Document.class, List.of()).size();
    }

    // ---- the mail that really arrived ----

    protected static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    protected String emailOf(String customerId) {
        return mongo.findById(customerId, org.bson.Document.class, CustomerViews.CUSTOMERS).getString("email");
    }
}
