package org.touchpoint.sales.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.kit.web.CrmApiException;

/** The scoring rules in force (one document): fit rules over the lead's attributes, engagement rules over touches. */
@Document("scoring_rules")
public class ScoringRules {

    static final String ID = "current";

    @Id
    private String id = ID;
    @Version
    private Long version;
    private int mqlThreshold;
    private int sqlThreshold;
    private List<FitRule> fit = new ArrayList<>();
    private List<EngagementRule> engagement = new ArrayList<>();
    private Instant updatedAt;

    ScoringRules() {
    }

    public static ScoringRules of(int mqlThreshold, int sqlThreshold, List<FitRule> fit, List<EngagementRule> engagement, Instant now) {
        Set<String> ids = new HashSet<>();
        for (FitRule r : fit) {
            if (!ids.add(r.id())) {
                throw CrmApiException.badRequest("fit", "rule id " + r.id() + " appears twice");
            }
            if ("atLeast".equals(r.match()) && r.min() == null) {
                throw CrmApiException.badRequest("fit", "rule " + r.id() + " matches atLeast: give min");
            }
            if (!"atLeast".equals(r.match()) && r.values().isEmpty()) {
                throw CrmApiException.badRequest("fit", "rule " + r.id() + " matches " + r.match() + ": give values");
            }
        }
        for (EngagementRule r : engagement) {
            if (!ids.add(r.id())) {
                throw CrmApiException.badRequest("engagement", "rule id " + r.id() + " appears twice");
            }
            if (r.kinds().isEmpty() && r.channel() == null) {
                throw CrmApiException.badRequest("engagement", "rule " + r.id() + " needs kinds or a channel");
            }
        }
        if (mqlThreshold <= 0 || sqlThreshold < mqlThreshold) {
            throw CrmApiException.badRequest("sqlThreshold", "thresholds must satisfy 0 < mqlThreshold <= sqlThreshold");
        }
        ScoringRules rules = new ScoringRules();
        rules.mqlThreshold = mqlThreshold;
        rules.sqlThreshold = sqlThreshold;
        rules.fit = List.copyOf(fit);
        rules.engagement = List.copyOf(engagement);
        rules.updatedAt = now;
        return rules;
    }

    void replaceWith(ScoringRules other) {
        mqlThreshold = other.mqlThreshold;
        sqlThreshold = other.sqlThreshold;
        fit = other.fit;
        engagement = other.engagement;
        updatedAt = other.updatedAt;
    }

    public int mqlThreshold() {
        return mqlThreshold;
    }

    public int sqlThreshold() {
        return sqlThreshold;
    }

    public List<FitRule> fit() {
        return fit;
    }

    public List<EngagementRule> engagement() {
        return engagement;
    }

    public Long getVersion() {
        return version;
    }

    /** The first engagement rule a touch of this kind and channel matches, or null. */
    public EngagementRule engagementRuleFor(String kind, String channel) {
        return engagement.stream().filter(r -> r.matches(kind, channel)).findFirst().orElse(null);
    }

    Response toResponse() {
        return new Response(mqlThreshold, sqlThreshold, fit, engagement, updatedAt, version == null ? 0 : version);
    }

    record Response(int mqlThreshold, int sqlThreshold, List<FitRule> fit, List<EngagementRule> engagement,
                    Instant updatedAt, long version) {
    }
}
