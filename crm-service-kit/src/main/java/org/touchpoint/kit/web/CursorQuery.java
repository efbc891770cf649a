package org.touchpoint.kit.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * A cursor-paged list in id order: the filters, then {@code _id > cursor}, reading one more than the limit
 * to know whether another page follows. Ids must sort in creation order (time-ordered ids do).
 */
public final class CursorQuery {

    private CursorQuery() {
    }

    /**
     * @param limit  the caller's limit (validated: 1..{@value Page#MAX_LIMIT}, default {@value Page#DEFAULT_LIMIT})
     * @param cursor the caller's cursor (validated: 400 when forged)
     * @param render turns one page of documents into the items (may batch-load what the items show)
     */
    public static <T, R> Page<R> find(MongoTemplate mongo, Class<T> type, List<Criteria> filters, Integer limit,
                                      String cursor, Function<T, String> idOf, Function<List<T>, List<R>> render) {
        int size = Page.checkLimit(limit);
        String after = Page.decodeCursor(cursor);
        List<Criteria> all = new ArrayList<>(filters);
        if (after != null) {
            all.add(Criteria.where("_id").gt(after));
        }
        Criteria where = all.isEmpty() ? new Criteria() : new Criteria().andOperator(all);
        List<T> found = mongo.find(Query.query(where).with(Sort.by("_id")).limit(size + 1), type);
        boolean more = found.size() > size;
        List<T> page = more ? found.subList(0, size) : found;
        return new Page<>(render.apply(page), more ? Page.encodeCursor(idOf.apply(page.getLast())) : null);
    }
}
