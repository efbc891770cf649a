package org.touchpoint.sales.opportunity;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.Etags;

/** Pipelines, and the default one every replica seeds idempotently at startup. */
@Service
public class PipelineService {

    private static final Logger log = LoggerFactory.getLogger(PipelineService.class);
    private final MongoTemplate mongo;
    private final Clock clock;

    PipelineService(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Seeds the default pipeline once: a second replica (or a restart) collides on the unique slug and keeps the first. */
    @EventListener(ApplicationReadyEvent.class)
    public void seedDefault() {
        if (mongo.exists(Query.query(Criteria.where("slug").is(Pipeline.DEFAULT_SLUG)), Pipeline.class)) {
            return;
        }
        try {
            mongo.insert(Pipeline.seeded(Ids.newId("pip", clock), clock.instant()));
            log.info("Seeded the default pipeline");
        } catch (DuplicateKeyException alreadySeeded) {
            // another replica seeded it a moment ago
        }
    }

    public Pipeline get(String id) {
        Pipeline p = id == null ? null : mongo.findById(id, Pipeline.class);
        if (p == null) {
            throw CrmApiException.notFound("pipeline", id);
        }
        return p;
    }

    /** The pipeline an opportunity names (400 when unknown), or the default one when it names none. */
    public Pipeline forOpportunity(String pipelineId) {
        if (pipelineId == null) {
            Pipeline p = mongo.findOne(Query.query(Criteria.where("slug").is(Pipeline.DEFAULT_SLUG)), Pipeline.class);
            if (p == null) {
                seedDefault();
                p = mongo.findOne(Query.query(Criteria.where("slug").is(Pipeline.DEFAULT_SLUG)), Pipeline.class);
            }
            return p;
        }
        Pipeline p = mongo.findById(pipelineId, Pipeline.class);
        if (p == null) {
            throw CrmApiException.badRequest("pipelineId", "pipeline " + pipelineId + " does not exist");
        }
        return p;
    }

    List<Pipeline> list() {
        return mongo.find(new Query().with(Sort.by("_id")).limit(200), Pipeline.class);
    }

    Pipeline create(PipelineRequest request) {
        return mongo.insert(Pipeline.create(Ids.newId("pip", clock), null, request.name().trim(), request.toStages(), clock.instant()));
    }

    Pipeline replace(String id, PipelineRequest request, String ifMatch) {
        Pipeline p = get(id);
        Etags.requireMatch(ifMatch, p.getVersion());
        Set<String> inUse = new HashSet<>(mongo.findDistinct(Query.query(Criteria.where("pipelineId").is(id).and("status").is(Opportunity.OPEN)),
                "stage", Opportunity.class, String.class));
        p.replace(request.name().trim(), request.toStages(), inUse, clock.instant());
        return mongo.save(p); // optimistic: @Version makes a concurrent change fail with 409
    }
}
