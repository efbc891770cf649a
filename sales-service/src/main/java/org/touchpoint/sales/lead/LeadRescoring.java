package org.touchpoint.sales.lead;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.sales.scoring.ScoringRules;
import org.touchpoint.sales.scoring.ScoringRulesService;

/**
 * When the scoring rules are replaced, rescores the open leads in the background, in pages of {@value #PAGE}, each
 * with an optimistic write (a lead changed meanwhile is re-read). A lead the pass misses (the process stopped) is
 * rescored by its next touch or edit. A newer replacement makes an older pass stop.
 */
@Component
class LeadRescoring {

    static final int PAGE = 200;
    private static final Logger log = LoggerFactory.getLogger(LeadRescoring.class);
    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final ScoringRulesService scoring;
    private final Clock clock;

    LeadRescoring(MongoTemplate mongo, OutboxStore store, ScoringRulesService scoring, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.scoring = scoring;
        this.clock = clock;
    }

    @EventListener
    void onRulesReplaced(ScoringRulesService.Replaced replaced) {
        Thread.ofVirtual().name("lead-rescoring").start(() -> {
            try {
                int changed = rescoreOpenLeads(replaced.version());
                log.info("Scoring rules v{}: {} open leads rescored", replaced.version(), changed);
            } catch (RuntimeException e) {
                log.warn("Rescoring after scoring rules v{} stopped; leads rescore on their next touch: {}", replaced.version(), e.toString());
            }
        });
    }

    /** @return how many leads changed */
    int rescoreOpenLeads(long version) {
        int changed = 0;
        String after = "";
        while (true) {
            ScoringRules rules = scoring.current();
            if (rules.getVersion() != version) {
                return changed; // a newer replacement runs its own pass
            }
            List<Lead> page = mongo.find(Query.query(Criteria.where("status").in(Lead.OPEN_STATUSES).and("_id").gt(after))
                    .with(Sort.by("_id")).limit(PAGE), Lead.class);
            for (Lead lead : page) {
                if (rescore(lead, rules)) {
                    changed++;
                }
            }
            if (page.size() < PAGE) {
                return changed;
            }
            after = page.getLast().getId();
        }
    }

    private boolean rescore(Lead lead, ScoringRules rules) {
        for (int attempt = 1; attempt <= 8; attempt++) {
            Lead current = attempt == 1 ? lead : mongo.findById(lead.getId(), Lead.class);
            if (current == null || !current.rescoreWith(rules, clock.instant())) {
                return false;
            }
            try {
                store.update(current);
                return true;
            } catch (OptimisticLockingFailureException concurrent) {
                // re-read and retry
            }
        }
        return false;
    }
}
