package org.touchpoint.analytics.rebuild;

import java.time.Instant;
import java.util.List;

/**
 * A rebuild as the API shows it.
 *
 * @param generation         the shadow generation being built (active once completed)
 * @param consumerGroup      the group that folds the generation: it replays the log from the beginning, then goes on as
 *                           the live consumer of the generation once it is swapped in
 * @param endOffsets         {@code topic/partition=offset}: the end of the log when the rebuild started; the generation is
 *                           swapped in once its group has passed them
 */
public record RebuildResponse(String id, String status, int generation, int previousGeneration, String requestedBy,
                              String consumerGroup, Instant startedAt, Instant completedAt, Progress progress,
                              List<String> endOffsets, String error) {

    /**
     * @param records    offsets replayed so far (of both topics, up to the end offsets)
     * @param total      offsets to replay (end minus beginning; a compacted topic may hold fewer records)
     * @param touches    of which on crm.touches
     * @param profiles   of which on crm.customer-profiles
     * @param skipped    records dead-lettered by the replay (not applied)
     * @param fraction   offsets passed / total, 0–1
     * @param ratePerSecond records per second since the start
     * @param etaSeconds estimated seconds left at that rate
     */
    public record Progress(long records, long total, long touches, long profiles, long skipped, double fraction,
                           Double ratePerSecond, Long etaSeconds) {
    }
}
