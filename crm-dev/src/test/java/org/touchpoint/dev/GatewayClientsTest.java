package org.touchpoint.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development API key and the demo data, against an in-process fake of the gateway's contract. */
class GatewayClientsTest {

    @TempDir
    Path dir;

    private Secrets secrets;
    private FakeGateway gateway;
    private URI gatewayUrl;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void startFakeGateway() throws Exception {
        secrets = Secrets.loadOrCreate(dir.resolve("secrets.env"));
        gateway = FakeGateway.start(0, secrets.gatewayAdminKey());
        gatewayUrl = URI.create("http://localhost:" + gateway.port());
    }

    @AfterEach
    void stopFakeGateway() {
        gateway.stop();
    }

    private String ensureKey() {
        return DevApiKeys.ensure(Probes.httpClient(), gatewayUrl, secrets, "/api/accounts?limit=1", progress::add);
    }

    @Test
    void createsTheDevKeyOnceWithTheBootstrapAdminKeyAndStoresIt() {
        String key = ensureKey();

        assertThat(key).isEqualTo(gateway.keyFor(1));
        assertThat(Secrets.loadOrCreate(dir.resolve("secrets.env")).devApiKey()).contains(key);
        assertThat(EnvFile.read(dir.resolve("secrets.env"))).containsEntry("CRM_DEV_API_KEY_ID", "key-1");

        assertThat(ensureKey()).as("reused while the gateway accepts it").isEqualTo(key);
        assertThat(gateway.keysCreated).hasValue(1);
    }

    @Test
    void reusesTheStoredKeyAtOnceWhenTheGatewayAuthenticatesItButTheBackendIsDown() {
        String key = ensureKey();
        gateway.backendDown = true;

        String again = assertTimeoutPreemptively(Duration.ofSeconds(10), this::ensureKey, "no retrying a 503 for 30 s");

        assertThat(again).isEqualTo(key);
        assertThat(gateway.keysCreated).hasValue(1);
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("reused (GET /api/accounts?limit=1 → 503)"));
    }

    @Test
    void createsANewKeyWhenTheStoredOneIsRejected() {
        String first = ensureKey();
        gateway.forgetIssuedKeys();

        String second = ensureKey();

        assertThat(second).isNotEqualTo(first);
        assertThat(gateway.keysCreated).hasValue(2);
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("no longer accepted or lacks scopes (401)"));
    }

    @Test
    void replacesAStoredKeyThatLacksAScopeOfANewerPlatform() {
        String first = ensureKey();
        gateway.scopesById.put("key-1", "[\"accounts:read\",\"contacts:read\"]"); // made before sales existed

        String second = ensureKey();

        assertThat(second).isNotEqualTo(first);
        assertThat(gateway.keysCreated).hasValue(2);
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("lacks scopes"));
        assertThat(gateway.scopesById.get("key-2")).contains("\"leads:write\"", "\"analytics:read\"", "\"admin\"");
    }

    @Test
    void reportsTheProblemWhenTheAdminApiRefuses() throws Exception {
        FakeGateway other = FakeGateway.start(0, "another-admin-key");
        try {
            gatewayUrl = URI.create("http://localhost:" + other.port());
            assertThatThrownBy(this::ensureKey)
                    .isInstanceOf(PlatformException.class)
                    .hasMessageContaining("/admin/api-keys")
                    .hasMessageContaining("HTTP 401: Unauthorized — bad admin key");
        } finally {
            other.stop();
        }
    }

    @Test
    void loadsTheDemoDataIdempotentlyWithRecordDerivedKeys() {
        String key = ensureKey();

        DemoData.Summary first = DemoData.load(gatewayUrl, key, progress::add);
        DemoData.Summary second = DemoData.load(gatewayUrl, key, progress::add);

        assertThat(first.accounts()).isEqualTo(8);
        assertThat(first.contacts()).isEqualTo(25);
        assertThat(second).extracting(DemoData.Summary::accounts, DemoData.Summary::contacts).containsExactly(8, 25);
        assertThat(gateway.created).as("the second load only replays").hasValue(33);
        assertThat(gateway.posts).hasSize(66).allSatisfy(post -> {
            assertThat(post.apiKey()).isEqualTo(key);
            assertThat(post.idempotencyKey()).matches("demo-(account-[a-z]+|contact-\\d{2})");
        });
        List<FakeGateway.Post> contacts = gateway.posts.stream().filter(p -> p.path().equals("/api/contacts")).toList();
        assertThat(contacts).allSatisfy(post -> assertThat(post.body())
                .containsPattern("\"accountId\":\"acc-[1-8]\"")
                .doesNotContain("\"ref\"").doesNotContain("\"account\""));
        assertThat(gateway.posts.stream().filter(p -> p.path().equals("/api/accounts")))
                .allSatisfy(post -> assertThat(post.body()).doesNotContain("\"ref\""));
        assertThat(progress).anySatisfy(line -> assertThat(line).startsWith("Demo data: 8 accounts and 25 contacts loaded"));
    }

    @Test
    void failsWithTheProblemDetailOnARejectedRecord() {
        String key = ensureKey();
        gateway.rejectContactsWith = """
                {"type":"about:blank","title":"Bad Request","status":400,"detail":"Invalid contact",\
                "errors":[{"field":"emails[0]","message":"must be a well-formed email address"}]}""";

        assertThatThrownBy(() -> DemoData.load(gatewayUrl, key, progress::add))
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("POST /api/contacts (Idempotency-Key demo-contact-01)")
                .hasMessageContaining("HTTP 400: Bad Request — Invalid contact")
                .hasMessageContaining("emails[0]")
                .hasMessageContaining("must be a well-formed email address");
    }

    @Test
    void demoDataIsConsistentAndUsesTheCustomerServiceVocabulary() {
        var data = DemoData.read();
        Set<String> accountRefs = new HashSet<>();
        data.get("accounts").forEach(account -> {
            assertThat(accountRefs.add(account.get("ref").asString())).isTrue();
            assertThat(account.get("tier").asString()).isIn("basic", "standard", "premium");
            assertThat(account.get("size").isInt()).isTrue();
            assertThat(account.get("domain").asString()).endsWith(".example");
            assertThat(account.get("address").get("country").asString()).matches("[A-Z]{2}");
        });
        Set<String> contactRefs = new HashSet<>();
        data.get("contacts").forEach(contact -> {
            assertThat(contactRefs.add(contact.get("ref").asString())).isTrue();
            assertThat(accountRefs).contains(contact.get("account").asString());
            assertThat(contact.get("lifecycleStage").asString()).isIn("subscriber", "lead", "marketing-qualified",
                    "sales-qualified", "opportunity", "customer", "evangelist", "churned");
            contact.get("emails").forEach(email -> assertThat(email.asString()).matches("[a-z.]+@[a-z-]+\\.example"));
            contact.get("phones").forEach(phone -> assertThat(phone.asString()).matches("\\+\\d{8,15}"));
            for (String channel : List.of("email", "sms", "phone")) {
                assertThat(contact.get("consent").get(channel).get("status").asString()).isIn("granted", "withdrawn");
            }
            assertThat(contact.get("notes").get("nickname").asString()).isNotBlank();
            contact.get("customAttributes").propertyNames().forEach(name -> assertThat(name).doesNotStartWith("$").doesNotContain("."));
        });
        assertThat(accountRefs).hasSize(8);
        assertThat(contactRefs).hasSize(25);
    }
}
