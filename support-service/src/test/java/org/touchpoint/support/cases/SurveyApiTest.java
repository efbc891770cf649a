package org.touchpoint.support.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.touchpoint.events.EventCodec;
import org.touchpoint.events.Topics;
import org.touchpoint.events.Touch;
import org.touchpoint.kit.security.SignedTokens;
import org.touchpoint.kit.test.TestInfrastructure;
import org.touchpoint.kit.test.TopicProbe;
import org.touchpoint.support.SupportServiceTest;
import tools.jackson.databind.JsonNode;

/** The public satisfaction survey: no login, a signed expiring token, one answer per case. */
class SurveyApiTest extends SupportServiceTest {

    private static final Map<String, String> NO_TOKEN = Map.of();

    @Autowired
    EventCodec codec;

    private String resolvedCaseSurveyPath(String customer) {
        String id = openCase(customer, null, "normal").get("id").asString();
        JsonNode resolved = json(call("POST", "/api/cases/" + id + "/status", """
                {"status": "resolved", "note": "Se reemplazó el cabezal de impresión"}"""));
        String url = resolved.get("survey").get("url").asString();
        assertThat(url).startsWith("https://crm.andina.example/public/surveys/");
        assertThat(resolved.get("survey").get("expiresAt").asString()).isNotBlank();
        return url.substring("https://crm.andina.example".length());
    }

    @Test
    void theCustomerAnswersOnceWithoutALoginAndCsatIsPublished() {
        String customer = customerId();
        String path = resolvedCaseSurveyPath(customer);
        HttpResponse<String> question = call("GET", path, null, NO_TOKEN);
        assertThat(question.statusCode()).as(question.body()).isEqualTo(200);
        assertThat(json(question).get("maxScore").asInt()).isEqualTo(5);
        try (TopicProbe touches = new TopicProbe(TestInfrastructure.kafkaBootstrapServers(), Topics.TOUCHES)) {
            HttpResponse<String> answered = call("POST", path, """
                    {"score": 5, "comment": "Muy rápidos, gracias"}""", NO_TOKEN);
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            ConsumerRecord<String, byte[]> r = touches.await(rec -> customer.equals(rec.key())
                    && codec.readTouch(rec).map(e -> e.data().kind().equals("csat.received")).orElse(false), java.time.Duration.ofSeconds(30));
            Touch csat = codec.readTouch(r).orElseThrow().data();
            assertThat(csat.attributes()).containsEntry("score", 5).containsEntry("comment", "Muy rápidos, gracias");
            assertThat(csat.channel()).isEqualTo("web");
            assertThat(csat.actor()).isEqualTo("customer");
        }
        assertProblem(call("POST", path, """
                {"score": 1}""", NO_TOKEN), 410);
        assertProblem(call("GET", path, null, NO_TOKEN), 410);
    }

    @Test
    void aForgedOrTamperedTokenIs400() {
        String path = resolvedCaseSurveyPath(customerId());
        String token = path.substring("/public/surveys/".length());
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertProblem(call("POST", "/public/surveys/" + tampered, """
                {"score": 4}""", NO_TOKEN), 400, "token");
        assertProblem(call("GET", "/public/surveys/not-a-token", null, NO_TOKEN), 400, "token");
        // a token for another purpose with the same secret is worthless here
        String other = SignedTokens.forPurpose(TestInfrastructure.TOKEN_SECRET, "track-click", Clock.systemUTC())
                .mint("cas_x", Instant.now().plusSeconds(600));
        assertProblem(call("POST", "/public/surveys/" + other, """
                {"score": 4}""", NO_TOKEN), 400, "token");
    }

    @Test
    void aValidlySignedLinkTheCaseNoLongerHoldsIs410() {
        // Signed with the right key and unexpired, but never issued by the case (as after a newer link or an erasure).
        String id = openCase(customerId(), null, "normal").get("id").asString();
        call("POST", "/api/cases/" + id + "/status", """
                {"status": "resolved", "note": "Resuelto"}""");
        String notIssued = SignedTokens.forPurpose(TestInfrastructure.TOKEN_SECRET, "survey", Clock.systemUTC())
                .mint(id, Instant.now().plusSeconds(600));
        assertProblem(call("GET", "/public/surveys/" + notIssued, null, NO_TOKEN), 410);
        assertProblem(call("POST", "/public/surveys/" + notIssued, """
                {"score": 1, "comment": "no debería contar"}""", NO_TOKEN), 410);
    }

    @Test
    void anExpiredLinkIs410() {
        String id = openCase(customerId(), null, "normal").get("id").asString();
        String expired = SignedTokens.forPurpose(TestInfrastructure.TOKEN_SECRET, "survey", Clock.systemUTC())
                .mint(id, Instant.now().minusSeconds(60));
        assertProblem(call("POST", "/public/surveys/" + expired, """
                {"score": 4}""", NO_TOKEN), 410);
    }

    @Test
    void aScoreOutsideOneToFiveIs400() {
        String path = resolvedCaseSurveyPath(customerId());
        assertProblem(call("POST", path, """
                {"score": 6}""", NO_TOKEN), 400, "score");
        assertProblem(call("POST", path, """
                {}""", NO_TOKEN), 400, "score");
        assertThat(call("POST", path, """
                {"score": 3}""", NO_TOKEN).statusCode()).isEqualTo(200);
    }
}
