package org.touchpoint.marketing.offer;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.touchpoint.kit.ids.Ids;
import org.touchpoint.kit.outbox.OutboxStore;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CursorQuery;
import org.touchpoint.kit.web.Etags;
import org.touchpoint.kit.web.Page;

/** The offer catalogue and its configured "bought A → offer B" rules. */
@Service
public class Offers {

    /** An upper bound on the active offers the recommender reads at once. */
    static final int MAX_ACTIVE = 1000;

    private final MongoTemplate mongo;
    private final OutboxStore store;
    private final Clock clock;

    Offers(MongoTemplate mongo, OutboxStore store, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.clock = clock;
    }

    Offer create(OfferRequest r) {
        try {
            return store.insert(Offer.create(Ids.newId("ofr", clock), r, clock.instant()));
        } catch (DuplicateKeyException e) {
            throw CrmApiException.conflict("an offer with code " + r.code() + " already exists");
        }
    }

    Offer get(String id) {
        Offer o = mongo.findById(id, Offer.class);
        if (o == null) {
            throw CrmApiException.notFound("offer", id);
        }
        return o;
    }

    Offer replace(String id, OfferRequest r, String ifMatch) {
        Offer o = get(id);
        Etags.requireMatch(ifMatch, o.getVersion());
        if (!o.code().equals(r.code())) {
            throw CrmApiException.unprocessable("code", "an offer's code cannot change (campaigns and touches refer to it)");
        }
        o.apply(r, clock.instant());
        return store.update(o);
    }

    Page<OfferResponse> list(Integer limit, String cursor) {
        return CursorQuery.find(mongo, Offer.class, List.of(), limit, cursor, Offer::getId, page -> page.stream().map(Offer::toResponse).toList());
    }

    public Optional<Offer> byCode(String code) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("code").is(code)), Offer.class));
    }

    public List<Offer> active() {
        return mongo.find(Query.query(Criteria.where("active").is(true)).limit(MAX_ACTIVE), Offer.class);
    }
}
