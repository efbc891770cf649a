package org.touchpoint.analytics.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.touchpoint.analytics.fold.CustomerView;
import org.touchpoint.analytics.fold.ViewCollections;
import org.touchpoint.analytics.generation.Generations;

/** Every dashboard of the active generation, read from its aggregates: the same cost for a thousand or a million customers. */
@Service
class Dashboards {

    private final Generations generations;
    private final Aggregates aggregates;
    private final RfmScores rfm;
    private final Names names;
    private final MongoTemplate mongo;
    private final Clock clock;

    Dashboards(Generations generations, Aggregates aggregates, RfmScores rfm, Names names, MongoTemplate mongo, Clock clock) {
        this.generations = generations;
        this.aggregates = aggregates;
        this.rfm = rfm;
        this.names = names;
        this.mongo = mongo;
        this.clock = clock;
    }

    private int generation() {
        return generations.current().active();
    }

    PipelineDashboard pipeline() {
        return PipelineDashboard.read(aggregates.sums(generation(), PipelineDashboard.NAME));
    }

    CampaignDashboard campaigns() {
        return CampaignDashboard.read(aggregates.sums(generation(), CampaignDashboard.NAME));
    }

    SlaDashboard sla() {
        return SlaDashboard.read(aggregates.sums(generation(), SlaDashboard.NAME));
    }

    TouchTrend touches(LocalDate from, LocalDate to) {
        int g = generation();
        List<String> months = TouchTrend.months(from, to);
        Map<String, Map<String, Long>> customers = aggregates.sums(g, months.stream().map(TouchTrend::customerMonth).toList());
        Map<String, Map<String, Long>> accounts = aggregates.accountSums(g, months.stream().map(TouchTrend::accountMonth).toList());
        List<Map<String, Long>> all = new ArrayList<>(customers.values());
        all.addAll(accounts.values());
        return TouchTrend.read(from, to, all);
    }

    RfmDashboard rfm(String segment, int limit) {
        int g = generation();
        return RfmDashboard.read(rfm.fresh(g), segment, limit, g, aggregates, names);
    }

    ParetoDashboard pareto(double topShare, int limit) {
        int g = generation();
        return ParetoDashboard.read(topShare, limit, g, aggregates, names);
    }

    ChurnDashboard churn(String minLevel, int limit) {
        int g = generation();
        return ChurnDashboard.read(minLevel, limit, clock.instant(), g, aggregates, ids -> views(g, ids));
    }

    private Map<String, CustomerView> views(int generation, List<String> ids) {
        Map<String, CustomerView> out = new HashMap<>();
        if (!ids.isEmpty()) {
            for (CustomerView v : mongo.find(Query.query(Criteria.where("_id").in(ids)), CustomerView.class, ViewCollections.customers(generation))) {
                if (!v.isForgotten()) {
                    out.put(v.getId(), v);
                }
            }
        }
        return out;
    }
}
