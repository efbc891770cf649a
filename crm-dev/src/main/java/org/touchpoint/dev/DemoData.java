package org.touchpoint.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads {@value #RESOURCE} through the gateway with the development API key: accounts first, then contacts
 * (whose {@code "account"} names an account's {@code "ref"}). Every POST carries an {@code Idempotency-Key}
 * derived from the record ({@code demo-account-<ref>}, {@code demo-contact-<ref>}), so loading twice creates
 * nothing twice: the service replays the first response.
 */
public final class DemoData {

    public static final String RESOURCE = "touchpoint-demo-data.json";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    public record Summary(int accounts, int contacts, Duration took) {
    }

    private DemoData() {
    }

    /**
     * @throws PlatformException naming the record and the problem+json detail on the first non-2xx answer
     */
    public static Summary load(URI gatewayUrl, String apiKey, Consumer<String> progress) {
        HttpClient http = Probes.httpClient();
        Instant begin = Instant.now();
        JsonNode data = read();
        Map<String, String> accountIds = new HashMap<>();
        int accounts = 0;
        int contacts = 0;
        for (JsonNode node : data.get("accounts")) {
            ObjectNode account = ((ObjectNode) node).deepCopy();
            String ref = account.remove("ref").asString();
            JsonNode created = post(http, gatewayUrl, apiKey, "/api/accounts", "demo-account-" + ref, account);
            accountIds.put(ref, created.get("id").asString());
            accounts++;
        }
        for (JsonNode node : data.get("contacts")) {
            ObjectNode contact = ((ObjectNode) node).deepCopy();
            String ref = contact.remove("ref").asString();
            JsonNode accountRef = contact.remove("account");
            if (accountRef != null) {
                String accountId = accountIds.get(accountRef.asString());
                if (accountId == null) {
                    throw new PlatformException(RESOURCE + ": contact " + ref + " names unknown account " + accountRef);
                }
                contact.put("accountId", accountId);
            }
            post(http, gatewayUrl, apiKey, "/api/contacts", "demo-contact-" + ref, contact);
            contacts++;
        }
        Summary summary = new Summary(accounts, contacts, Duration.between(begin, Instant.now()));
        progress.accept("Demo data: " + accounts + " accounts and " + contacts + " contacts loaded through "
                + gatewayUrl + " in " + Platform.seconds(summary.took())
                + " (idempotent: loading again creates nothing new).");
        return summary;
    }

    private static JsonNode post(HttpClient http, URI gateway, String apiKey, String path, String idempotencyKey, JsonNode body) {
        Http.Response response = Http.send(http, Http.request(gateway.resolve(path))
                .header("X-API-Key", apiKey)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(Http.json(body))
                .build(), PATIENCE);
        if (!response.isSuccess()) {
            throw new PlatformException("Demo data: POST " + path + " (Idempotency-Key " + idempotencyKey + ") failed: "
                    + Http.describeProblem(response));
        }
        JsonNode json = response.json();
        if (json == null || json.get("id") == null) {
            throw new PlatformException("Demo data: POST " + path + " answered " + response.status() + " without an \"id\": " + response.body());
        }
        return json;
    }

    static JsonNode read() {
        try (InputStream in = DemoData.class.getResourceAsStream("/" + RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
