package org.touchpoint.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;

/**
 * Benchmark 2: touch freshness. Contacts are updated in customer-service at a steady rate (open loop); for each
 * update, the time from its 2xx to the {@code contact.updated} touch showing in analytics-service's timeline of
 * that customer (polled, so the figure includes up to one poll interval). Meanwhile every consuming service's own
 * {@code crm_touch_freshness_seconds} histogram (from the touch's {@code occurredAt} to the service applying it) is
 * scraped before and after, and its p50/p99 over the run estimated from the difference. Baseline of the same run:
 * the raw Kafka round trip on the same broker at the same rate ({@link KafkaRoundTrip}). The product's target:
 * "well under a second".
 */
final class TouchFreshness {

    static final List<String> CONSUMERS = List.of("analytics-service", "sales-service", "marketing-service", "support-service");

    private TouchFreshness() {
    }

    record Options(double perSecond, Duration duration, int contacts, Duration pollInterval, List<String> extraServices) {

        static Options fromSystemProperties() {
            String extra = System.getProperty("bench.freshness.services", "");
            return new Options(Double.parseDouble(System.getProperty("bench.freshness.rate", "20")),
                    Duration.parse(System.getProperty("bench.freshness.duration", "PT30S")),
                    Integer.getInteger("bench.freshness.contacts", 200),
                    Duration.ofMillis(Long.getLong("bench.freshness.pollMillis", 10)),
                    java.util.Arrays.stream(extra.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
        }
    }

    static Map<String, Object> run(Path repository, Options options) {
        Map<String, Object> environment = Report.environment();
        List<String> services = new ArrayList<>(List.of("customer-service", "analytics-service"));
        options.extraServices().stream().filter(s -> !services.contains(s)).forEach(services::add);
        try (BenchPlatform platform = BenchPlatform.start(repository, services, false, Map.of())) {
            var endpoints = platform.endpoints();
            HttpClient http = Api.client();
            URI customer = endpoints.service("customer-service");
            URI analytics = endpoints.service("analytics-service");
            InternalToken token = new InternalToken(endpoints.internalTokenSecret(), "key:bench",
                    List.of("contacts:read", "contacts:write", "analytics:read"));

            String run = UUID.randomUUID().toString().substring(0, 8);
            List<String> ids = new ArrayList<>();
            List<String> emails = new ArrayList<>();
            for (int i = 0; i < options.contacts(); i++) {
                String email = "fresh." + run + "." + i + "@example.com";
                Api.Reply created = Api.expect(Api.send(http, "POST", customer.resolve("/api/contacts"),
                        Map.of("Authorization", token.authorization()), Api.contact("Fresh", "Start" + i, email)), 201, "POST /api/contacts");
                ids.add(created.json().path("id").asString());
                emails.add(email);
            }
            // Warm-up: every consumer has joined its group and analytics shows every contact (not measured).
            System.out.println("[freshness] waiting for analytics to show the " + ids.size() + " contacts (consumers joining)");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            for (String id : ids) {
                while (Api.send(http, "GET", analytics.resolve("/api/customers/" + id + "/360"),
                        Map.of("Authorization", token.authorization()), null).status() != 200) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("analytics-service did not show contact " + id + " within 180 s");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }

            int records = (int) Math.round(options.perSecond() * Math.min(options.duration().toSeconds(), 15));
            System.out.println("[freshness] baseline: Kafka round trip, " + records + " records at " + options.perSecond() + "/s");
            long[] kafka = KafkaRoundTrip.measure(endpoints.kafkaBootstrapServers(), options.perSecond(), records);

            List<String> consumers = services.stream().filter(CONSUMERS::contains).toList();
            Map<String, String> before = scrapeAll(http, endpoints.services(), consumers);

            int updates = (int) Math.round(options.perSecond() * options.duration().toSeconds());
            System.out.println("[freshness] " + updates + " updates at " + options.perSecond() + "/s over " + options.duration().toSeconds()
                    + " s, polling analytics every " + options.pollInterval().toMillis() + " ms");
            Latencies writes = new Latencies(updates);
            Latencies visible = new Latencies(updates);
            AtomicInteger failedWrites = new AtomicInteger();
            AtomicInteger neverVisible = new AtomicInteger();
            // The watcher: ONE poller sweeping the customers with pending updates, one timeline read per customer per
            // sweep, a sweep at most every poll interval. At most one read in flight, so measuring cannot overload
            // analytics (a poller per update did: the more it lagged, the more it was polled); when analytics lags,
            // the resolution of the figure degrades instead (sweeps are counted and timed in the output).
            Map<Integer, java.util.concurrent.ConcurrentLinkedQueue<Pending>> pending = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            Latencies sweeps = new Latencies(4096);
            Thread watcher = Thread.ofVirtual().name("freshness-watcher").start(() -> {
                while (writing.get() || pending.values().stream().anyMatch(q -> !q.isEmpty())) {
                    long sweepStart = System.nanoTime();
                    boolean polled = false;
                    for (var entry : pending.entrySet()) {
                        var queue = entry.getValue();
                        if (queue.isEmpty()) {
                            continue;
                        }
                        polled = true;
                        URI timeline = analytics.resolve("/api/customers/" + ids.get(entry.getKey()) + "/timeline?limit=20&kinds="
                                + URLEncoder.encode("contact.updated", StandardCharsets.UTF_8));
                        JsonNode page = null;
                        try {
                            Api.Reply reply = Api.send(http, "GET", timeline, Map.of("Authorization", token.authorization()), null);
                            page = reply.status() == 200 ? reply.json() : null;
                        } catch (RuntimeException e) {
                            System.out.println("[freshness] timeline read failed: " + e);
                        }
                        long seen = System.nanoTime();
                        for (Pending p : queue) {
                            if (page != null && shows(page, p.marker())) {
                                visible.add(seen - p.written());
                                queue.remove(p);
                            } else if (seen - p.written() > TimeUnit.SECONDS.toNanos(60)) {
                                neverVisible.incrementAndGet();
                                queue.remove(p);
                            }
                        }
                    }
                    if (polled) {
                        sweeps.add(System.nanoTime() - sweepStart);
                    }
                    long next = sweepStart + options.pollInterval().toNanos();
                    while (System.nanoTime() < next) {
                        LockSupport.parkNanos(next - System.nanoTime());
                    }
                }
            });
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            long interval = (long) (1e9 / options.perSecond());
            for (int i = 0; i < updates; i++) {
                long due = start + i * interval;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                int n = i;
                threads.add(Thread.ofVirtual().name("update-" + i).start(() -> {
                    int c = n % ids.size();
                    String marker = "U" + run + "x" + n;
                    try {
                        long sent = System.nanoTime();
                        Api.Reply put = Api.send(http, "PUT", customer.resolve("/api/contacts/" + ids.get(c)),
                                Map.of("Authorization", token.authorization()), Api.contact("Fresh", marker, emails.get(c)));
                        long written = System.nanoTime();
                        if (!put.ok()) {
                            System.out.println("[freshness] update " + n + " answered " + put.status() + ": " + put.body());
                            failedWrites.incrementAndGet();
                            return;
                        }
                        synchronized (writes) {
                            writes.add(written - sent);
                        }
                        pending.computeIfAbsent(c, k -> new java.util.concurrent.ConcurrentLinkedQueue<>()).add(new Pending(marker, written));
                    } catch (RuntimeException e) {
                        System.out.println("[freshness] update " + n + " failed: " + e);
                        failedWrites.incrementAndGet();
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            writing.set(false);
            watcher.join();
            Latencies.Summary sweep = Latencies.summarize(Latencies.mergeSorted(List.of(sweeps)));
            System.out.println("[freshness] watcher: " + sweep.count() + " sweeps, p50 " + Report.f(sweep.p50Ms(), 1) + " ms, p99 "
                    + Report.f(sweep.p99Ms(), 1) + " ms (the resolution of the visibility figure)");
            environment.put("watcherSweeps", Report.latency(sweep));
            Map<String, String> after = scrapeAll(http, endpoints.services(), consumers);
            return results(options, environment, services, kafka, Latencies.mergeSorted(List.of(writes)), Latencies.mergeSorted(List.of(visible)),
                    failedWrites.get(), neverVisible.get(), updates, before, after, platform.state());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** An update written (2xx at {@code written}, nanoTime) and not yet seen in analytics. */
    private record Pending(String marker, long written) {
    }

    /** Whether a timeline page holds the update with this marker (its summary names the new last name). */
    static boolean shows(JsonNode page, String marker) {
        for (JsonNode item : page.path("items")) {
            if (item.path("summary").asString().contains(marker)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> scrapeAll(HttpClient http, Map<String, URI> services, List<String> consumers) {
        Map<String, String> scrapes = new LinkedHashMap<>();
        for (String service : consumers) {
            Api.Reply reply = Api.send(http, "GET", services.get(service).resolve("/actuator/prometheus"),
                    Map.of("Accept", "text/plain;version=0.0.4"), null);
            if (reply.status() != 200) {
                throw new IllegalStateException(service + " /actuator/prometheus answered " + reply.status());
            }
            scrapes.put(service, reply.body());
        }
        return scrapes;
    }

    private static Map<String, Object> results(Options options, Map<String, Object> environment, List<String> services, long[] kafka, long[] writes, long[] visible,
                                               int failedWrites, int neverVisible, int updates, Map<String, String> before,
                                               Map<String, String> after, Path state) {
        Latencies.Summary baseline = Latencies.summarize(kafka);
        Latencies.Summary write = Latencies.summarize(writes);
        Latencies.Summary view = Latencies.summarize(visible);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("baseline: Kafka produce -> consume", Long.toString(baseline.count()), Report.f(baseline.p50Ms(), 1),
                Report.f(baseline.p99Ms(), 1), "1.0", "1.0"));
        rows.add(List.of("PUT /api/contacts/{id} (the write)", Long.toString(write.count()), Report.f(write.p50Ms(), 1),
                Report.f(write.p99Ms(), 1), "", ""));
        rows.add(List.of("2xx -> analytics timeline shows it", Long.toString(view.count()), Report.f(view.p50Ms(), 1),
                Report.f(view.p99Ms(), 1), Report.f(Report.ratio(view.p50Ms(), baseline.p50Ms()), 1),
                Report.f(Report.ratio(view.p99Ms(), baseline.p99Ms()), 1)));
        Map<String, Object> serviceSide = new LinkedHashMap<>();
        for (String service : before.keySet()) {
            PrometheusHistogram delta = PrometheusHistogram.parse(after.get(service), "crm_touch_freshness_seconds",
                    Map.of("source", "customer-service"))
                    .minus(PrometheusHistogram.parse(before.get(service), "crm_touch_freshness_seconds", Map.of("source", "customer-service")));
            double p50 = delta.quantile(0.50) * 1000;
            double p99 = delta.quantile(0.99) * 1000;
            rows.add(List.of(service + " crm_touch_freshness (own)", Long.toString((long) delta.count()), Report.f(p50, 1), Report.f(p99, 1),
                    Report.f(Report.ratio(p50, baseline.p50Ms()), 1), Report.f(Report.ratio(p99, baseline.p99Ms()), 1)));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("touches", (long) delta.count());
            s.put("p50Ms", Report.round(p50));
            s.put("p99Ms", Report.round(p99));
            s.put("p50OverBaselineP50", Report.round(Report.ratio(p50, baseline.p50Ms())));
            s.put("p99OverBaselineP99", Report.round(Report.ratio(p99, baseline.p99Ms())));
            s.put("estimate", "histogram_quantile-style interpolation in the timer's percentile-histogram buckets, occurredAt -> applied");
            serviceSide.put(service, s);
        }
        boolean valid = failedWrites == 0 && neverVisible == 0 && view.count() == updates;
        StringBuilder out = new StringBuilder();
        out.append("\nTouch freshness: ").append(updates).append(" contact updates at ").append(options.perSecond()).append("/s (open loop) over ")
                .append(options.duration().toSeconds()).append(" s, ").append(options.contacts()).append(" contacts; services ").append(services)
                .append(".\nVisibility is polled every ").append(options.pollInterval().toMillis())
                .append(" ms (included in the figure). The load generator shares the machine's ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores with every process.\n\n");
        out.append(Report.table(List.of("measure", "n", "p50 ms", "p99 ms", "p50 / base", "p99 / base"), rows));
        out.append("\ntarget \"well under a second\": analytics timeline p99 ").append(Report.f(view.p99Ms(), 0)).append(" ms ")
                .append(view.count() > 0 && view.p99Ms() < 1000 ? "(under 1 s)" : "(NOT under 1 s)").append('\n');
        if (!valid) {
            out.append("INVALID RUN: ").append(failedWrites).append(" failed writes, ").append(neverVisible)
                    .append(" updates never visible within 60 s\n");
        }
        System.out.println(out);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "touch-freshness");
        environment.put("loadAverage1mAtEnd", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Object sweeps = environment.remove("watcherSweeps");
        json.put("environment", environment);
        json.put("options", Map.of("updatesPerSecond", options.perSecond(), "durationSeconds", options.duration().toSeconds(),
                "contacts", options.contacts(), "pollIntervalMs", options.pollInterval().toMillis(), "services", services,
                "jvmFlags", System.getProperty("bench.jvmFlags", BenchPlatform.DEFAULT_JVM_FLAGS)));
        json.put("valid", valid);
        json.put("updates", updates);
        json.put("failedWrites", failedWrites);
        json.put("neverVisible", neverVisible);
        json.put("baselineKafkaRoundTrip", Report.latency(baseline));
        json.put("write", Report.latency(write));
        Map<String, Object> analyticsView = new LinkedHashMap<>(Report.latency(view));
        analyticsView.put("p50OverBaselineP50", Report.round(Report.ratio(view.p50Ms(), baseline.p50Ms())));
        analyticsView.put("p99OverBaselineP99", Report.round(Report.ratio(view.p99Ms(), baseline.p99Ms())));
        analyticsView.put("underOneSecondAtP99", view.count() > 0 && view.p99Ms() < 1000);
        json.put("visibleInAnalyticsTimeline", analyticsView);
        json.put("watcherSweeps", sweeps);
        json.put("serviceSideFreshness", serviceSide);
        json.put("platformLogs", state.resolve("logs").toString());
        return json;
    }
}
