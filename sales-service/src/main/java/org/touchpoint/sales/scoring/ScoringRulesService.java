package org.touchpoint.sales.scoring;

import java.time.Clock;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;
import org.touchpoint.kit.web.Etags;

/**
 * The scoring rules in force: the {@code crm.sales.scoring.*} defaults until someone replaces them at
 * {@code PUT /api/scoring-rules} (If-Match). A replacement announces {@link Replaced}, on which open leads are rescored.
 */

@Service
public class ScoringRulesService {

    private final MongoTemplate mongo;
    private final ScoringProperties defaults;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    ScoringRulesService(MongoTemplate mongo, ScoringProperties defaults, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.mongo = mongo;
        this.defaults = defaults;
        this.clock = clock;
    }

    public ScoringRules current() {
        ScoringRules rules = mongo.findById(ScoringRules.ID, ScoringRules.class);
        if (rules != null) {
            return rules;
        }
        try {
            return mongo.insert(ScoringRules.of(defaults.mqlThreshold(), defaults.sqlThreshold(), defaults.fit(), defaults.engagement(), clock.instant()));
        } catch (DuplicateKeyException another) {
            return mongo.findById(ScoringRules.ID, ScoringRules.class);
        }
    }

    /** Replaces the rules where their version is still {@code ifMatch} (412 otherwise). */
    ScoringRules replace(int mqlThreshold, int sqlThreshold, List<FitRule> fit, List<EngagementRule> engagement, String ifMatch) {
        ScoringRules rules = current();
        Etags.requireMatch(ifMatch, rules.getVersion());
        rules.replaceWith(ScoringRules.of(mqlThreshold, sqlThreshold, fit, engagement, clock.instant()));
        ScoringRules saved = mongo.save(rules); // optimistic: a concurrent replacement fails with 409
        events.publishEvent(new Replaced(saved.getVersion()));
        return saved;
    }

    /** The rules were replaced (now at {@code version}): open leads are rescored in the background. */
    public record Replaced(long version) {
    }
}
