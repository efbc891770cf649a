package org.touchpoint.support.cases;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.web.CrmApiException;

/** What other features (work logs, visits) need to know about a case. */
@Component
public class CaseLookup {

    private final MongoTemplate mongo;
    private final CustomerCaseStore customerCases;

    CaseLookup(MongoTemplate mongo, CustomerCaseStore customerCases) {
        this.mongo = mongo;
        this.customerCases = customerCases;
    }

    public record CaseRef(String id, String number, String customerId, String accountId, String status, String subject) {
        public boolean closed() {
            return CaseStatus.CLOSED.equals(status);
        }
    }

    /** @throws CrmApiException 404 when the case does not exist */
    public CaseRef require(String caseId) {
        SupportCase c = mongo.findById(caseId, SupportCase.class);
        if (c == null) {
            throw CrmApiException.notFound("case", caseId);
        }
        return new CaseRef(c.getId(), c.number(), c.customerId(), c.accountId(), c.status(), c.subject());
    }

    /** One {@code _id} read of the customer's case index. */
    public boolean customerHasCases(String customerId) {
        return customerCases.hasCases(customerId);
    }
}
