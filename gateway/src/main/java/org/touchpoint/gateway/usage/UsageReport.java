package org.touchpoint.gateway.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;

/**
 * {@code GET /admin/api-keys/{id}/usage}: totals over the range, by route and by status, and the per-minute
 * counts they come from.
 */
public record UsageReport(String keyId, Instant from, Instant to, long total, Map<String, Long> byRoute,
                          Map<String, Long> byStatus, List<Minute> minutes) {

    /** The requests of one minute with one route and status. */
    public record Minute(Instant minute, String route, int status, long count) {
    }

    static UsageReport of(String keyId, Instant from, Instant to, List<Document> documents) {
        Map<String, Long> byRoute = new TreeMap<>();
        Map<String, Long> byStatus = new TreeMap<>();
        List<Minute> minutes = new ArrayList<>();
        long total = 0;
        for (Document document : documents) {
            Instant minute = document.get("minute", Date.class).toInstant();
            Document counts = document.get("counts", Document.class);
            if (counts == null) {
                continue;
            }
            for (String route : new java.util.TreeSet<>(counts.keySet())) {
                Document statuses = counts.get(route, Document.class);
                for (String status : new java.util.TreeSet<>(statuses.keySet())) {
                    long count = ((Number) statuses.get(status)).longValue();
                    minutes.add(new Minute(minute, route, Integer.parseInt(status), count));
                    byRoute.merge(route, count, Long::sum);
                    byStatus.merge(status, count, Long::sum);
                    total += count;
                }
            }
        }
        return new UsageReport(keyId, from, to, total, byRoute, byStatus, minutes);
    }
}
