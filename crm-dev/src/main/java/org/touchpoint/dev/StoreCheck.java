package org.touchpoint.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What {@code ./crm up} checks before it starts anything: whether the embedded MongoDB's data still fits the
 * embedded store (mongo-java-server on an H2 file, measured in docs/performance.md) and the disk it lives on.
 * The limits are {@code mongo.store.max-gb} and {@code mongo.store.min-free-gb} in touchpoint-platform.properties.
 */
record StoreCheck(Verdict verdict, String message) {

    enum Verdict { OK, WARN, REFUSE }

    private static final double GB = 1024.0 * 1024 * 1024;
    private static final String MOVE = "For data of this size run Touchpoint with real MongoDB: docker compose or Kubernetes,"
            + " see docs/deploy.md.";

    /**
     * @param dataBytes    the size of the data directory's files (0 on a first start)
     * @param freeBytes    usable space on the disk that holds the data directory
     * @param maxDataBytes the embedded store's ceiling
     * @param minFreeBytes free space below which the store is not started
     */
    static StoreCheck of(long dataBytes, long freeBytes, long maxDataBytes, long minFreeBytes) {
        if (dataBytes > maxDataBytes) {
            return new StoreCheck(Verdict.REFUSE, String.format(Locale.ROOT,
                    "The embedded MongoDB's data is %s, past the embedded store's ceiling of %s (mongo.store.max-gb):"
                            + " beyond what it is measured for, and its file, its compaction at start and every query not"
                            + " by id grow with the data (docs/performance.md). %s"
                            + " Or start with empty data: ./crm down, then delete .crm/data (everything in it is lost)."
                            + " To go on anyway, raise mongo.store.max-gb in .crm/platform.properties.",
                    gb(dataBytes), gb(maxDataBytes), MOVE));
        }
        if (freeBytes < minFreeBytes) {
            return new StoreCheck(Verdict.REFUSE, String.format(Locale.ROOT,
                    "Only %s free on the disk of the embedded MongoDB's data; it needs at least %s (mongo.store.min-free-gb):"
                            + " the store grows while it writes and compacts, and a full disk can damage its file."
                            + " Free some space, or move the repository (its .crm holds the data) to a larger disk.",
                    gb(freeBytes), gb(minFreeBytes)));
        }
        if (dataBytes > maxDataBytes * 0.8) {
            return new StoreCheck(Verdict.WARN, String.format(Locale.ROOT,
                    "The embedded MongoDB's data is %s, close to the embedded store's ceiling of %s. %s",
                    gb(dataBytes), gb(maxDataBytes), MOVE));
        }
        if (maxDataBytes < Long.MAX_VALUE && freeBytes - minFreeBytes < maxDataBytes - dataBytes) {
            return new StoreCheck(Verdict.WARN, String.format(Locale.ROOT,
                    "%s free on the disk of the embedded MongoDB's data: it can grow by about %s more (not to the"
                            + " store's ceiling of %s) before ./crm up refuses to start.",
                    gb(freeBytes), gb(freeBytes - minFreeBytes), gb(maxDataBytes)));
        }
        return new StoreCheck(Verdict.OK, String.format(Locale.ROOT, "embedded MongoDB data %s of %s, %s free",
                gb(dataBytes), gb(maxDataBytes), gb(freeBytes)));
    }

    /** Checks {@code dataDir} (which may not exist yet) against the configured limits. */
    static StoreCheck of(Path dataDir, double maxGb, double minFreeGb) {
        return of(sizeOf(dataDir), usableSpace(dataDir), (long) (maxGb * GB), (long) (minFreeGb * GB));
    }

    static long sizeOf(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Usable space of the disk holding {@code path}, or of its nearest existing parent. */
    static long usableSpace(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return Files.getFileStore(existing == null ? Path.of("").toAbsolutePath() : existing).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / GB);
    }
}
