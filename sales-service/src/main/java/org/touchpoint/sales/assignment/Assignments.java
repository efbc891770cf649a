package org.touchpoint.sales.assignment;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.Etags;

/** Lead assignment: rule-based (territory, industry, country, source), else round-robin. */
@Service
public class Assignments {

    private final MongoTemplate mongo;
    private final Clock clock;

    Assignments(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** An owner and the rule that chose it ({@code rule:<id>} or {@code round-robin}). */
    public record Assignment(String ownerId, String rule) {
    }

    /**
     * Picks an owner for a lead whose attributes {@code field} answers, or empty when no rule matches and no
     * round-robin is configured. Round-robin turns are taken atomically, so concurrent leads go to different owners.
     */
    public Optional<Assignment> assign(Function<String, String> field) {
        AssignmentRules rules = current();
        Optional<AssignmentRules.Rule> rule = rules.matching(field);
        if (rule.isPresent()) {
            return Optional.of(new Assignment(rule.get().ownerId(), "rule:" + rule.get().id()));
        }
        if (rules.roundRobin().isEmpty()) {
            return Optional.empty();
        }
        AssignmentRules turned = mongo.findAndModify(Query.query(Criteria.where("_id").is(AssignmentRules.ID)),
                new Update().inc("roundRobinTurn", 1), FindAndModifyOptions.options().returnNew(false), AssignmentRules.class);
        long turn = turned == null ? 0 : turned.roundRobinTurn();
        List<String> owners = rules.roundRobin();
        return Optional.of(new Assignment(owners.get((int) Math.floorMod(turn, (long) owners.size())), "round-robin"));
    }

    AssignmentRules current() {
        AssignmentRules rules = mongo.findById(AssignmentRules.ID, AssignmentRules.class);
        if (rules != null) {
            return rules;
        }
        try {
            return mongo.insert(new AssignmentRules());
        } catch (DuplicateKeyException another) {
            return mongo.findById(AssignmentRules.ID, AssignmentRules.class);
        }
    }

    /** Replaces the rules where their version is still {@code ifMatch} (412 otherwise). */
    AssignmentRules replace(List<AssignmentRules.Rule> rules, List<String> roundRobin, String ifMatch) {
        Set<String> ids = new HashSet<>();
        for (AssignmentRules.Rule r : rules) {
            if (!ids.add(r.id())) {
                throw CrmApiException.badRequest("rules", "rule id " + r.id() + " appears twice");
            }
        }
        AssignmentRules current = current();
        Etags.requireMatch(ifMatch, current.getVersion());
        current.replace(rules, roundRobin, clock.instant());
        return mongo.save(current); // optimistic: a concurrent replacement fails with 409
    }
}
