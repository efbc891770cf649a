package org.touchpoint.analytics.rebuild;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.annotation.Id;

/** One rebuild by replay and its progress (collection {@value #COLLECTION}). Mutated only by its runner. */
public class Rebuild {

    public static final String COLLECTION = "analytics_rebuilds";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    @Id
    String id;
    String status;
    String requestedBy;
    int generation;
    int previousGeneration;
    String consumerGroup;
    Instant startedAt;
    Instant heartbeatAt;
    Instant completedAt;
    long recordsTotal;
    long recordsApplied;
    /** Offsets passed so far, summed over partitions: the progress measure (a compacted topic has gaps in its offsets). */
    long offsetsDone;
    long touches;
    long profiles;
    long skipped;
    Double ratePerSecond;
    Long etaSeconds;
    /** {@code topic/partition=offset}: the end of the log when the rebuild started; it is complete once its group passed them. */
    List<String> endOffsets = new ArrayList<>();
    /** {@code topic/partition=offset}: the beginning of the log then. */
    List<String> beginOffsets = new ArrayList<>();
    /** When the replay last made progress; a rebuild without progress for crm.analytics.rebuild-stale-after is stalled. */
    Instant progressAt;
    String error;

    Rebuild() {
    }

    Rebuild(String id, String requestedBy, int generation, int previousGeneration, Instant now) {
        this.id = id;
        this.status = RUNNING;
        this.requestedBy = requestedBy;
        this.generation = generation;
        this.previousGeneration = previousGeneration;
        this.consumerGroup = org.touchpoint.analytics.generation.Generations.groupOf("analytics-service", generation);
        this.startedAt = now;
        this.heartbeatAt = now;
        this.progressAt = now;
    }

    RebuildResponse view() {
        return new RebuildResponse(id, status, generation, previousGeneration, requestedBy, consumerGroup, startedAt, completedAt,
                new RebuildResponse.Progress(recordsApplied, recordsTotal, touches, profiles, skipped,
                        COMPLETED.equals(status) ? 1.0 : recordsTotal == 0 ? 0.0 : Math.min(1.0, Math.round(offsetsDone * 10000.0 / recordsTotal) / 10000.0),
                        ratePerSecond, etaSeconds),
                List.copyOf(endOffsets), error);
    }
}
