package org.touchpoint.dev;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The H2 MVStore file behind the embedded mongo-java-server: opened with {@link Settings}, documents stored as
 * BSON ({@link BsonH2Backend}), and compacted when it opens if less than {@code compactBelowPercent} of the file is
 * live data. Closing it writes what is pending.
 *
 * <p>Why compact on opening and not while running: a store under steady updates leaves dead pages behind faster
 * than H2's background writer rewrites them (measured: about 5 KB of file per replace of a 2 KB document), and a
 * compaction step inside the running server holds the store lock for seconds (21 s measured under load), which
 * stalls every write. On opening nobody is waiting yet, and the offline copy writes only the live pages.
 */
final class EmbeddedMongoStore implements AutoCloseable {

    /**
     * How the store is opened; every field can be set as a system property {@code crm.mongo.<name>} on the mongo
     * process (e.g. {@code jvm.flags.mongo=... -Dcrm.mongo.cacheMb=64} in .crm/platform.properties).
     *
     * @param format              {@code bson} (documents as BSON) or {@code java} (the plain H2 backend: Java serialization)
     * @param compress            0 none, 1 LZF (fast), 2 Deflate (smaller, slower)
     * @param cacheMb             MVStore page cache, in MB of estimated heap (H2's default 16)
     * @param pageSplitKb         a page is split above this many KB of estimated heap (0: H2's default, 16)
     * @param autoCompactFillRate H2's background writer rewrites chunks that are less full than this (%, H2's default 90)
     * @param compactBelowPercent on opening, a file with less live data than this (%) is compacted (0: never)
     * @param compactAboveMb      ... if it is larger than this many MB
     */
    record Settings(String format, int compress, int cacheMb, int pageSplitKb, int autoCompactFillRate,
                    int compactBelowPercent, int compactAboveMb) {

        static final Settings DEFAULTS = new Settings("bson", 1, 64, 64, 90, 50, 256);

        static Settings from(Properties properties) {
            String prefix = "crm.mongo.";
            return new Settings(
                    properties.getProperty(prefix + "format", DEFAULTS.format),
                    integer(properties, prefix + "compress", DEFAULTS.compress),
                    integer(properties, prefix + "cacheMb", DEFAULTS.cacheMb),
                    integer(properties, prefix + "pageSplitKb", DEFAULTS.pageSplitKb),
                    integer(properties, prefix + "autoCompactFillRate", DEFAULTS.autoCompactFillRate),
                    integer(properties, prefix + "compactBelowPercent", DEFAULTS.compactBelowPercent),
                    integer(properties, prefix + "compactAboveMb", DEFAULTS.compactAboveMb));
        }

        private static int integer(Properties properties, String key, int fallback) {
            String value = properties.getProperty(key);
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        }

        Settings {
            if (!format.equals("bson") && !format.equals("java")) {
                throw new IllegalArgumentException("crm.mongo.format must be bson or java, not " + format);
            }
        }
    }

    private final H2Backend backend;

    private EmbeddedMongoStore(H2Backend backend) {
        this.backend = backend;
    }

    static EmbeddedMongoStore open(Path file, Settings settings, Consumer<String> log) {
        String fileName = file.toString();
        MVStoreTool.compactCleanUp(fileName); // a compaction interrupted by a kill or a power cut
        MVStore store = builder(fileName, settings).open();
        int live = livePercent(store);
        long size = store.getFileStore().size();
        long liveBytes = size * live / 100;
        if (live < settings.compactBelowPercent() && size > settings.compactAboveMb() * (1L << 20)
                && StoreCheck.usableSpace(file) < liveBytes + (liveBytes >> 2) + (256L << 20)) {
            log.accept(String.format(Locale.ROOT, "not compacting %s (%d%% live, %d MB): the copy needs about %d MB free on its disk",
                    fileName, live, size >> 20, (liveBytes + (liveBytes >> 2) + (256L << 20)) >> 20));
        } else if (live < settings.compactBelowPercent() && size > settings.compactAboveMb() * (1L << 20)) {
            store.close();
            long begin = System.nanoTime();
            MVStore.compact(fileName, settings.compress() > 0, null); // copies the live pages, then replaces the file
            log.accept(String.format(Locale.ROOT, "compacted %s in %.1f s: %d%% live, %d MB -> %d MB", fileName,
                    (System.nanoTime() - begin) / 1e9, live, size >> 20, file.toFile().length() >> 20));
            store = builder(fileName, settings).open();
        }
        return new EmbeddedMongoStore(settings.format().equals("bson") ? new BsonH2Backend(store) : new H2Backend(store));
    }

    private static MVStore.Builder builder(String fileName, Settings settings) {
        MVStore.Builder builder = new MVStore.Builder().fileName(fileName).cacheSize(settings.cacheMb())
                .autoCompactFillRate(settings.autoCompactFillRate());
        if (settings.compress() == 1) {
            builder.compress();
        } else if (settings.compress() >= 2) {
            builder.compressHigh();
        }
        if (settings.pageSplitKb() > 0) {
            builder.pageSplitSize(settings.pageSplitKb() * 1024);
        }
        return builder;
    }

    /** How much of the file is live data: the share of the file in chunks times the live share of those chunks. */
    static int livePercent(MVStore store) {
        FileStore<?> fileStore = store.getFileStore();
        return fileStore.size() == 0 ? 100 : fileStore.getFillRate() * fileStore.getChunksFillRate() / 100;
    }

    H2Backend backend() {
        return backend;
    }

    MVStore mvStore() {
        return backend.getMvStore();
    }

    /** Closes the store, writing what is pending (again: {@code MongoServer.shutdown()} closes it too; no harm). */
    @Override
    public void close() {
        backend.close();
    }
}
