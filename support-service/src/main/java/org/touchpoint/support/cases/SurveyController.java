package org.touchpoint.support.cases;

import jakarta.validation.Valid;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.touchpoint.kit.security.PublicEndpoint;
import org.touchpoint.kit.security.SignedTokens;
import org.touchpoint.kit.web.CrmApiException;

/**
 * The satisfaction survey, for customers without a login: the link's signed, expiring token is the credential.
 * A forged or tampered token is 400, an expired one or an already answered survey 410.
 */
@RestController
@RequestMapping("/public/surveys")
class SurveyController {

    private final CaseService cases;
    private final SurveyLinks links;

    SurveyController(CaseService cases, SurveyLinks links) {
        this.cases = cases;
        this.links = links;
    }

    record SurveyQuestion(String caseNumber, String subject, String question, int minScore, int maxScore, Instant expiresAt) {
    }

    record SurveyReceived(String caseNumber, int score, String message) {
    }

    @GetMapping("/{token}")
    @PublicEndpoint("customers open the survey link from the resolution message; the signed token authenticates it")
    SurveyQuestion question(@PathVariable String token) {
        SignedTokens.Verification v = verify(token);
        SupportCase c = cases.forSurvey(v.payload(), token);
        if (c.surveyAnswered()) {
            throw gone("this survey was answered already; thank you");
        }
        return new SurveyQuestion(c.number(), c.subject(), "How satisfied are you with how we handled your case?", 1, 5, v.expiresAt());
    }

    @PostMapping("/{token}")
    @PublicEndpoint("customers answer the survey from the link; the signed token authenticates it; one answer per case")
    SurveyReceived answer(@PathVariable String token, @Valid @RequestBody CaseRequests.SurveyAnswer answer) {
        SignedTokens.Verification v = verify(token);
        if (!cases.answerSurvey(v.payload(), token, answer.score(), answer.comment())) {
            throw gone("this survey was answered already");
        }
        SupportCase c = cases.forSurvey(v.payload(), token);
        return new SurveyReceived(c.number(), answer.score(), "Thank you for your answer");
    }

    private SignedTokens.Verification verify(String token) {
        SignedTokens.Verification v = links.verify(token);
        return switch (v.status()) {
            case VALID -> v;
            case EXPIRED -> throw gone("this survey link has expired");
            case INVALID -> throw CrmApiException.badRequest("token", "is not a valid survey link");
        };
    }

    private static CrmApiException gone(String detail) {
        return CrmApiException.gone(detail);
    }
}
