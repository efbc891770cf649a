package org.touchpoint.sales.lead;

import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.sales.opportunity.LeadOrigin;

/** The campaign of a lead, one read by {@code _id}. */
@Component
class LeadCampaigns implements LeadOrigin {

    private final MongoTemplate mongo;

    LeadCampaigns(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Optional<String> campaignOf(String leadId) {
        if (leadId == null) {
            return Optional.empty();
        }
        Query q = Query.query(Criteria.where("_id").is(leadId));
        q.fields().include("campaignId");
        Document lead = mongo.findOne(q, Document.class, "leads");
        return Optional.ofNullable(lead == null ? null : lead.getString("campaignId"));
    }
}
