package org.touchpoint.dev;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

/**
 * A manual measurement of the embedded store (not a test; nothing runs it in {@code ./mvnw verify}): starts
 * {@link MongoServerMain} as a child JVM with the platform's JVM flags for mongo (plus any given), fills it with
 * customer documents of the platform's shape, and at each size reports the file on disk, the server's heap after
 * a full GC, the insert rate, {@code _id} reads, {@code $in} reads of 500 ids, replace-by-{@code _id} updates and
 * one unindexed query. Ends with a stop, a restart and a read (the data must survive). See crm-dev/README.md.
 *
 * <pre>
 * java -cp ... org.touchpoint.dev.EmbeddedStoreCeiling [--sizes 10000,100000,1000000] [--databases 5]
 *      [--server-flags "-Xmx512m -Dcrm.mongo.store=..."] [--updates 0.2] [--reads 5000] [--in-reads 100]
 *      [--dir crm-dev/target/store-ceiling] [--label name] [--max-minutes 60] [--shape customer|small]
 *      [--ids ordered|random] [--match-query] [--keep-data]
 * </pre>
 */
public final class EmbeddedStoreCeiling {

    private static final int BATCH = 500;
    private static final String[] WORDS = ("cartridge toner cable printer invoice delivery late refund premium"
            + " contract renewal discount offer call visit meeting warehouse order quote complaint urgent"
            + " shipment paper ink service technician install network router laptop monitor keyboard support"
            + " billing account manager prefers mornings spanish english portal password reset return label"
            + " damaged box pallet retail wholesale distributor bogota medellin lima quito madrid lisbon").split(" ");
    private static final String[] STAGES = {"lead", "prospect", "customer", "churned", "evangelist"};
    private static final String[] PRIORITIES = {"low", "normal", "high", "urgent"};
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long BASE_MILLIS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private final Options options;
    private final Path dir;
    private final Path dataFile;
    private final Path log;
    private final StringBuilder report = new StringBuilder();
    private Process server;
    private int port;

    private EmbeddedStoreCeiling(Options options) {
        this.options = options;
        this.dir = options.dir.resolve(options.label + "-" + Instant.now().toString().replace(':', '-'));
        this.dataFile = dir.resolve("data").resolve("mongo.mv");
        this.log = dir.resolve("mongo.log");
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int code = new EmbeddedStoreCeiling(options).run();
        System.exit(code);
    }

    /** One size's figures. */
    record Level(long docs, double logicalMb, double insertPerSecond, double fileMbAfterInsert, double heapMbAfterInsert,
                 double readP50, double readP99, double inP50, double inP99, double updatePerSecond, double updateP99,
                 double fileMbAfterUpdates, double heapMbAfterUpdates, double scanMs) {
    }

    private int run() throws Exception {
        Files.createDirectories(dataFile.getParent());
        List<String> flags = serverFlags();
        line("Embedded store ceiling, " + options.label + ", " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, JDK " + Runtime.version());
        line("server flags: " + String.join(" ", flags));
        line("data: " + dataFile + ", databases: " + options.databases + ", batch " + BATCH + ", shape "
                + (options.small ? "small" : "customer") + ", ids " + (options.randomIds ? "random" : "ordered"));
        startServer(flags);
        List<Level> levels = new ArrayList<>();
        long inserted = 0;
        long logicalBytes = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(options.maxMinutes);
        String stoppedBecause = null;
        try (MongoClient client = client()) {
            List<MongoCollection<RawBsonDocument>> collections = collections(client);
            for (long size : options.sizes) {
                // Insert up to size
                long begin = System.nanoTime();
                long from = inserted;
                while (inserted < size) {
                    int n = (int) Math.min(BATCH, size - inserted);
                    Map<Integer, List<RawBsonDocument>> byDb = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        long index = inserted + i;
                        RawBsonDocument doc = toRaw(customer(index, 0));
                        logicalBytes += doc.getByteBuffer().remaining();
                        byDb.computeIfAbsent(database(index), d -> new ArrayList<>()).add(doc);
                    }
                    byDb.forEach((db, docs) -> collections.get(db).insertMany(docs, new InsertManyOptions().ordered(false)));
                    inserted += n;
                    if (inserted % 100_000 == 0) {
                        progress("  inserted " + inserted + " (" + mb(fileSize()) + " MB file)");
                    }
                    if (!server.isAlive()) {
                        throw new IllegalStateException("the server died");
                    }
                    if (System.nanoTime() > deadline) {
                        stoppedBecause = "time limit of " + options.maxMinutes + " min reached at " + inserted + " documents";
                        break;
                    }
                }
                double insertRate = (inserted - from) / seconds(System.nanoTime() - begin);
                double fileAfterInsert = mb(fileSize());
                double heapAfterInsert = heapAfterGcMb();
                progress("  " + inserted + " docs: " + Math.round(insertRate) + " docs/s, file " + fileAfterInsert + " MB, heap " + heapAfterInsert + " MB");

                long[] reads = idReads(collections, inserted);
                long[] inReads = inReads(collections, inserted);
                long updates = Math.max(1_000, (long) (inserted * options.updateFraction));
                long updateBegin = System.nanoTime();
                long[] updateLatencies = updates(collections, inserted, updates, levels.size() + 1);
                double updateRate = updates / seconds(System.nanoTime() - updateBegin);
                double fileAfterUpdates = mb(fileSize());
                double heapAfterUpdates = heapAfterGcMb();
                double scanMs = unindexedQueryMs(collections.getFirst());
                Level level = new Level(inserted, mb(logicalBytes), insertRate, fileAfterInsert, heapAfterInsert,
                        ms(percentile(reads, 50)), ms(percentile(reads, 99)), ms(percentile(inReads, 50)), ms(percentile(inReads, 99)),
                        updateRate, ms(percentile(updateLatencies, 99)), fileAfterUpdates, heapAfterUpdates, scanMs);
                levels.add(level);
                progress("  " + level);
                if (options.matchQuery) {
                    matchingQuery(collections.getFirst(), inserted); // last: it may end the server
                }
                if (stoppedBecause != null) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            stoppedBecause = "failed at about " + inserted + " documents: " + e + (server.isAlive() ? "" : "; server exit code "
                    + server.exitValue() + (logMentions("OutOfMemoryError") ? " (OutOfMemoryError in " + log + ")" : ""));
        }
        table(levels);
        if (stoppedBecause != null) {
            line("STOPPED: " + stoppedBecause);
        }
        if (server.isAlive()) {
            restartCheck(inserted);
        }
        Path out = dir.resolve("report.txt");
        Files.writeString(out, report);
        System.out.println("Report: " + out + " (server log " + log + ")");
        if (!options.keepData) {
            deleteData();
        }
        return stoppedBecause == null ? 0 : 1;
    }

    // ----------------------------------------------------------------------------------------------- server

    private List<String> serverFlags() {
        List<String> flags = new ArrayList<>(PlatformConfig.builder().build().jvmFlagsFor(Platform.MONGO, PlatformConfig.MONGO));
        if (!options.serverFlags.isBlank()) {
            flags.addAll(Arrays.asList(options.serverFlags.trim().split("\\s+")));
        }
        return flags;
    }

    private void startServer(List<String> flags) throws IOException {
        port = Ports.free(1).getFirst();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-cp", Platform.currentClasspath(), "-Dlog4j2.configurationFile=crm-dev-log4j2.xml",
                MongoServerMain.class.getName(), Integer.toString(port), dataFile.toString()));
        long begin = System.nanoTime();
        server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.destroyForcibly()));
        while (!Probes.mongo(port)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("mongo exited with " + server.exitValue() + ", see " + log);
            }
            if (seconds(System.nanoTime() - begin) > 600) {
                throw new IllegalStateException("mongo not ready after 600 s, see " + log);
            }
            pause(50);
        }
        progress("server ready in " + Math.round(ms(System.nanoTime() - begin)) + " ms (pid " + server.pid() + ")");
    }

    private double stopServer() throws InterruptedException {
        long begin = System.nanoTime();
        server.destroy(); // SIGTERM: the shutdown hook closes the store
        if (!server.waitFor(10, TimeUnit.MINUTES)) {
            server.destroyForcibly().waitFor();
            throw new IllegalStateException("mongo did not stop within 10 minutes");
        }
        return seconds(System.nanoTime() - begin);
    }

    private void restartCheck(long inserted) throws Exception {
        double stopSeconds = stopServer();
        line(String.format(Locale.ROOT, "stop (store closed) took %.1f s; file after close %.1f MB", stopSeconds, mb(fileSize())));
        long begin = System.nanoTime();
        startServer(serverFlags());
        double startSeconds = seconds(System.nanoTime() - begin);
        try (MongoClient client = client()) {
            List<MongoCollection<RawBsonDocument>> collections = collections(client);
            long count = 0;
            for (MongoCollection<RawBsonDocument> collection : collections) {
                count += collection.estimatedDocumentCount();
            }
            long probe = new SplittableRandom(7).nextLong(Math.max(1, inserted));
            boolean found = collections.get(database(probe)).find(eq("_id", id(probe))).first() != null;
            line(String.format(Locale.ROOT, "restart took %.1f s; %d documents after restart (of %d), random read %s; heap after GC %.1f MB",
                    startSeconds, count, inserted, found ? "found" : "NOT FOUND", heapAfterGcMb()));
        }
        stopServer();
    }

    private double heapAfterGcMb() {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            exec(jcmd, Long.toString(server.pid()), "GC.run");
            String info = exec(jcmd, Long.toString(server.pid()), "GC.heap_info");
            Matcher matcher = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
            long kb = 0;
            while (matcher.find()) {
                kb += Long.parseLong(matcher.group(1));
            }
            return Math.round(kb / 102.4) / 10.0;
        } catch (IOException | InterruptedException e) {
            return Double.NaN;
        }
    }

    private static String exec(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    private boolean logMentions(String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private long fileSize() {
        try (var files = Files.list(dataFile.getParent())) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteData() throws IOException {
        try (var files = Files.list(dataFile.getParent())) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    // ------------------------------------------------------------------------------------------- workload

    private MongoClient client() {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .applyToSocketSettings(s -> s.readTimeout(0, TimeUnit.MILLISECONDS))
                .build());
    }

    private List<MongoCollection<RawBsonDocument>> collections(MongoClient client) {
        List<String> names = List.of("crm_customer", "crm_sales", "crm_marketing", "crm_support", "crm_analytics");
        List<MongoCollection<RawBsonDocument>> collections = new ArrayList<>();
        for (int i = 0; i < options.databases; i++) {
            String name = i < names.size() ? names.get(i) : "crm_extra" + i;
            collections.add(client.getDatabase(name).getCollection("customers", RawBsonDocument.class));
        }
        return collections;
    }

    private int database(long index) {
        return (int) (index % options.databases);
    }

    private long[] idReads(List<MongoCollection<RawBsonDocument>> collections, long inserted) {
        SplittableRandom random = new SplittableRandom(inserted);
        int warmUp = Math.min(500, options.reads);
        long[] latencies = new long[options.reads];
        for (int i = -warmUp; i < options.reads; i++) {
            long index = random.nextLong(inserted);
            long begin = System.nanoTime();
            RawBsonDocument doc = collections.get(database(index)).find(eq("_id", id(index))).first();
            long took = System.nanoTime() - begin;
            if (doc == null) {
                throw new IllegalStateException("document " + index + " not found");
            }
            if (i >= 0) {
                latencies[i] = took;
            }
        }
        return latencies;
    }

    private long[] inReads(List<MongoCollection<RawBsonDocument>> collections, long inserted) {
        SplittableRandom random = new SplittableRandom(inserted + 1);
        long[] latencies = new long[options.inReads];
        for (int i = 0; i < options.inReads; i++) {
            int db = random.nextInt(options.databases);
            List<String> ids = new ArrayList<>(BATCH);
            for (int k = 0; k < BATCH; k++) {
                long index = random.nextLong(inserted);
                index -= database(index) - db; // same database
                ids.add(id(Math.min(Math.max(index, db), inserted - 1)));
            }
            long begin = System.nanoTime();
            int found = 0;
            for (RawBsonDocument ignored : collections.get(db).find(in("_id", ids)).batchSize(BATCH)) {
                found++;
            }
            latencies[i] = System.nanoTime() - begin;
            if (found == 0) {
                throw new IllegalStateException("$in found nothing");
            }
        }
        return latencies;
    }

    private long[] updates(List<MongoCollection<RawBsonDocument>> collections, long inserted, long count, int round) {
        SplittableRandom random = new SplittableRandom(inserted + 2);
        long[] latencies = new long[(int) count];
        for (int i = 0; i < count; i++) {
            long index = random.nextLong(inserted);
            RawBsonDocument doc = toRaw(customer(index, round * 1_000L + i % 1000 + 1));
            long begin = System.nanoTime();
            long matched = collections.get(database(index)).replaceOne(eq("_id", id(index)), doc).getMatchedCount();
            latencies[i] = System.nanoTime() - begin;
            if (matched != 1) {
                throw new IllegalStateException("replace of " + index + " matched " + matched);
            }
        }
        return latencies;
    }

    private double unindexedQueryMs(MongoCollection<RawBsonDocument> collection) {
        long begin = System.nanoTime();
        collection.find(eq("emailKey", "nobody@nowhere.example")).first();
        return Math.round(ms(System.nanoTime() - begin) * 10) / 10.0;
    }

    /**
     * An unindexed query that returns many documents (one lifecycle stage of one database, about 4 % of all):
     * mongo-java-server collects every match in its heap before it returns the first batch.
     */
    private void matchingQuery(MongoCollection<RawBsonDocument> collection, long size) {
        long begin = System.nanoTime();
        long count = 0;
        try {
            for (RawBsonDocument ignored : collection.find(eq("profile.lifecycleStage", "customer")).batchSize(BATCH)) {
                count++;
            }
            line(String.format(Locale.ROOT, "matching query at %,d documents: %,d documents returned in %.1f s", size, count,
                    seconds(System.nanoTime() - begin)));
        } catch (RuntimeException e) {
            line("matching query at " + size + " documents failed after " + count + " returned: " + e.getClass().getSimpleName()
                    + (server.isAlive() ? "" : "; the server died" + (logMentions("OutOfMemoryError") ? " of OutOfMemoryError" : "")));
            throw e;
        }
    }

    private String id(long index) {
        return id(index, options.randomIds);
    }

    private Document customer(long index, long revision) {
        Document customer = customer(index, revision, options.randomIds);
        if (options.small) { // about 0.8 KB: the profile and a few event ids
            customer.keySet().retainAll(List.of("_id", "_class", "version", "erased", "profile", "profileVersion", "emailKey"));
            customer.append("appliedEvents", List.of(UUID.nameUUIDFromBytes(("" + index + revision).getBytes(StandardCharsets.UTF_8)).toString()));
        }
        return customer;
    }

    /**
     * Time-ordered ids like the platform's ({@code con_} + a ULID), the same for the same index; or, with
     * {@code random}, ids in no order (as random UUIDs would be), the worst case for a B-tree.
     */
    static String id(long index, boolean random) {
        char[] out = new char[26];
        long time = random ? BASE_MILLIS + (new SplittableRandom(~index).nextLong() & 0xFFFFFFFFFFL) : BASE_MILLIS + index * 7;
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        long bits = new SplittableRandom(index).nextLong();
        for (int i = 25; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (bits & 31)];
            bits = bits >>> 5 | bits << 59;
        }
        return "con_" + new String(out);
    }

    /**
     * A service's copy of one customer: a profile, a few cases, purchases with line items, campaign and survey
     * facts and the ids of the events already applied; 0.8 to 3 KB of BSON. {@code revision} varies what an
     * update changes.
     */
    static Document customer(long index, long revision, boolean randomIds) {
        SplittableRandom random = new SplittableRandom(index * 31 + 17);
        String first = capital(word(random));
        String last = capital(word(random)) + "-" + capital(word(random));
        String email = (first + "." + last + index + "@" + word(random) + ".example").toLowerCase(Locale.ROOT);
        Instant created = Instant.ofEpochMilli(BASE_MILLIS + index * 7);
        Document profile = new Document("firstName", first).append("lastName", last)
                .append("displayName", first + " " + last).append("nickname", capital(word(random)))
                .append("email", email).append("phone", "+57 " + (300_000_0000L + random.nextLong(9_999_999L)))
                .append("title", capital(word(random)) + " " + capital(word(random)))
                .append("accountId", "acc_" + id(index / 20, randomIds).substring(4)).append("accountName", capital(word(random)) + " S.A.")
                .append("ownerId", "user" + random.nextInt(50)).append("lifecycleStage", STAGES[random.nextInt(STAGES.length)])
                .append("tags", List.of(word(random), word(random)))
                .append("updatedAt", Date.from(created.plusSeconds(revision * 60)))
                .append("preferences", sentence(random, 3 + random.nextInt(20)));
        List<Document> cases = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            cases.add(new Document("caseId", "cas_" + id(index * 4 + i, randomIds).substring(4)).append("number", "C-" + random.nextInt(1_000_000))
                    .append("subject", sentence(random, 4 + random.nextInt(8))).append("priority", PRIORITIES[random.nextInt(4)])
                    .append("status", random.nextBoolean() ? "open" : "resolved").append("open", random.nextBoolean())
                    .append("openedAt", Date.from(created.plusSeconds(3600))).append("stateAt", Date.from(created.plusSeconds(7200))));
        }
        List<Document> purchases = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            List<Document> items = new ArrayList<>();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                items.add(new Document("productCode", "P-" + random.nextInt(5000)).append("name", sentence(random, 3))
                        .append("category", word(random)).append("quantity", Integer.toString(1 + random.nextInt(20)))
                        .append("unitPrice", random.nextInt(500) + "." + random.nextInt(10) + "0").append("termMonths", random.nextBoolean() ? 12 : null));
            }
            purchases.add(new Document("opportunityId", "opp_" + id(index * 4 + i, randomIds).substring(4)).append("name", sentence(random, 3))
                    .append("amount", new Document("amount", random.nextInt(90_000) + ".00").append("currency", "EUR"))
                    .append("lineItems", items).append("at", Date.from(created.plusSeconds(86_400))));
        }
        List<Document> csat = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            csat.add(new Document("caseId", "cas_" + id(index * 4 + i, randomIds).substring(4)).append("score", 1 + random.nextInt(5))
                    .append("comment", sentence(random, random.nextInt(12))).append("at", Date.from(created.plusSeconds(90_000))));
        }
        List<String> applied = new ArrayList<>();
        for (int i = 0; i < 8 + random.nextInt(6) + (int) Math.min(revision % 1000, 10); i++) {
            applied.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        return new Document("_id", id(index, randomIds)).append("_class", "org.touchpoint.sales.customer.CustomerView")
                .append("version", revision).append("erased", false).append("profile", profile)
                .append("profileVersion", 3 + revision).append("emailKey", email)
                .append("cases", cases).append("slaBreaches", List.of())
                .append("lastCampaign", random.nextBoolean() ? null : new Document("campaignId", "cmp_" + id(index % 100, randomIds).substring(4))
                        .append("campaignName", sentence(random, 3)).append("objective", word(random)).append("offerCode", "OFF" + random.nextInt(100))
                        .append("offerName", sentence(random, 3)).append("subject", sentence(random, 7)).append("sentAt", Date.from(created)))
                .append("csat", csat).append("purchases", purchases).append("appliedEvents", applied);
    }

    private static RawBsonDocument toRaw(Document document) {
        return new RawBsonDocument(document, new DocumentCodec());
    }

    private static String word(SplittableRandom random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private static String capital(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String sentence(SplittableRandom random, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(i == 0 ? "" : " ").append(word(random));
        }
        return text.toString();
    }

    // --------------------------------------------------------------------------------------------- output

    private void table(List<Level> levels) {
        line("");
        line("| docs | logical MB | insert docs/s | file MB after insert | heap MB after GC | _id read p50/p99 ms"
                + " | $in 500 p50/p99 ms | replace docs/s (p99 ms) | file MB after replaces | heap MB after replaces | unindexed query ms |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Level l : levels) {
            line(String.format(Locale.ROOT, "| %,d | %.0f | %,.0f | %.0f | %.0f | %.2f / %.2f | %.0f / %.0f | %,.0f (%.1f) | %.0f | %.0f | %,.0f |",
                    l.docs(), l.logicalMb(), l.insertPerSecond(), l.fileMbAfterInsert(), l.heapMbAfterInsert(), l.readP50(), l.readP99(),
                    l.inP50(), l.inP99(), l.updatePerSecond(), l.updateP99(), l.fileMbAfterUpdates(), l.heapMbAfterUpdates(), l.scanMs()));
        }
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }

    private static void progress(String text) {
        System.out.println(Instant.now().toString().substring(11, 19) + " " + text);
    }

    static long percentile(long[] values, int percentile) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 104_857.6) / 10.0;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Waiting for another process to listen: it offers no event to wait on, so this polls. */
    private static void pause(long millis) {
        try {
            Thread.sleep(Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Options(List<Long> sizes, int databases, String serverFlags, double updateFraction, int reads,
                           int inReads, Path dir, String label, long maxMinutes, boolean keepData, boolean small,
                           boolean randomIds, boolean matchQuery) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("unexpected " + args[i]);
                }
                if (args[i].equals("--keep-data") || args[i].equals("--match-query")) {
                    values.put(args[i].substring(2), "true");
                } else if (i + 1 < args.length) {
                    values.put(args[i].substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
            }
            List<Long> sizes = Arrays.stream(values.getOrDefault("sizes", "10000,100000,1000000").split(","))
                    .map(String::trim).map(Long::parseLong).collect(Collectors.toList());
            Path root = PlatformConfig.repositoryRoot(Path.of(""));
            return new Options(sizes, Integer.parseInt(values.getOrDefault("databases", "5")),
                    values.getOrDefault("server-flags", ""), Double.parseDouble(values.getOrDefault("updates", "0.2")),
                    Integer.parseInt(values.getOrDefault("reads", "5000")), Integer.parseInt(values.getOrDefault("in-reads", "100")),
                    Path.of(values.getOrDefault("dir", root.resolve("crm-dev/target/store-ceiling").toString())).toAbsolutePath(),
                    values.getOrDefault("label", "run"), Long.parseLong(values.getOrDefault("max-minutes", "60")),
                    values.containsKey("keep-data"), values.getOrDefault("shape", "customer").equals("small"),
                    values.getOrDefault("ids", "ordered").equals("random"), values.containsKey("match-query"));
        }
    }
}
