package org.touchpoint.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Benchmark 1: the gateway's overhead. The same closed-loop load of {@code GET /api/contacts/{id}} against
 * customer-service directly (with an internal token, as the gateway would forward it) and through the gateway
 * (with an API key, so API-key authentication, scope check, rate limit, internal token, circuit breaker and
 * usage recording all run), alternating rounds after a warm-up of both paths. The target: gateway throughput at
 * least {@value #TARGET_THROUGHPUT_RATIO} of direct, same run, same machine.
 *
 * <p>The gateway's rate limit stays on: the benchmark's key is in a tier {@code bench} configured (through the
 * environment) with a bucket no run can empty, which {@code RateLimit-Policy} confirms before measuring. Any 429
 * is an error, reported and failing the run, never throughput.
 */
final class GatewayOverhead {

    static final double TARGET_THROUGHPUT_RATIO = 0.30;
    static final long BENCH_TIER_CAPACITY = 1_000_000_000L;

    private GatewayOverhead() {
    }

    record Options(int clients, Duration warmUp, Duration duration, int rounds, int contacts) {

        static Options fromSystemProperties() {
            return new Options(Integer.getInteger("bench.clients", 16),
                    Duration.parse(System.getProperty("bench.warmUp", "PT30S")),
                    Duration.parse(System.getProperty("bench.duration", "PT20S")),
                    Integer.getInteger("bench.rounds", 3),
                    Integer.getInteger("bench.contacts", 200));
        }
    }

    static Map<String, Object> run(Path repository, Options options) {
        Map<String, Object> environment = Report.environment();
        Map<String, String> env = new LinkedHashMap<>();
        // crm.gateway.rate-limits.tiers.bench: a bucket no benchmark can empty (the other tiers are unchanged).
        env.put("CRM_GATEWAY_RATELIMITS_TIERS_BENCH_CAPACITY", Long.toString(BENCH_TIER_CAPACITY));
        env.put("CRM_GATEWAY_RATELIMITS_TIERS_BENCH_REFILL", Long.toString(BENCH_TIER_CAPACITY));
        env.put("CRM_GATEWAY_RATELIMITS_TIERS_BENCH_PERIOD", "1s");
        try (BenchPlatform platform = BenchPlatform.start(repository, List.of("customer-service"), true, env)) {
            var endpoints = platform.endpoints();
            HttpClient setup = Api.client();
            URI gateway = endpoints.gatewayUrl();
            URI customer = endpoints.service("customer-service");

            System.out.println("[gateway] creating " + options.contacts() + " contacts");
            List<String> ids = new ArrayList<>();
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < options.contacts(); i++) {
                Api.Reply created = Api.expect(Api.send(setup, "POST", gateway.resolve("/api/contacts"),
                        Map.of("X-API-Key", endpoints.apiKey()),
                        Api.contact("Bench", "Contact" + i, "bench." + run + "." + i + "@example.com")), 201, "POST /api/contacts");
                ids.add(created.json().path("id").asString());
            }

            Api.Reply key = Api.expect(Api.send(setup, "POST", gateway.resolve("/admin/api-keys"),
                    Map.of("X-API-Key", endpoints.gatewayAdminKey()),
                    Map.of("name", "bench-" + run, "partner", "bench", "scopes", List.of("contacts:read"), "rateLimitTier", "bench")),
                    201, "POST /admin/api-keys");
            String apiKey = key.json().path("key").asString();
            String keyId = key.json().path("id").asString();
            Api.Reply probe = Api.expect(Api.send(setup, "GET", gateway.resolve("/api/contacts/" + ids.getFirst()),
                    Map.of("X-API-Key", apiKey), null), 200, "GET through the gateway with the bench key");
            String policy = probe.headers().firstValue("RateLimit-Policy").orElse("");
            if (!policy.contains("q=" + BENCH_TIER_CAPACITY)) {
                throw new IllegalStateException("The gateway did not apply the bench rate-limit tier (RateLimit-Policy: '"
                        + policy + "'): the run would measure 429s. Check crm.gateway.rate-limits.tiers binding.");
            }

            InternalToken token = new InternalToken(endpoints.internalTokenSecret(), "key:" + keyId, List.of("contacts:read"));
            Api.expect(Api.send(setup, "GET", customer.resolve("/api/contacts/" + ids.getFirst()),
                    Map.of("Authorization", token.authorization()), null), 200, "GET customer-service directly");

            HttpClient http = Api.client();
            java.util.function.IntFunction<HttpRequest> direct = n -> ClosedLoad.get(
                    customer.resolve("/api/contacts/" + ids.get(Math.floorMod(n, ids.size()))),
                    Map.of("Authorization", token.authorization()));
            java.util.function.IntFunction<HttpRequest> routed = n -> ClosedLoad.get(
                    gateway.resolve("/api/contacts/" + ids.get(Math.floorMod(n, ids.size()))),
                    Map.of("X-API-Key", apiKey));

            System.out.println("[gateway] warm-up " + options.warmUp().toSeconds() + " s direct, then " + options.warmUp().toSeconds()
                    + " s through the gateway, " + options.clients() + " clients");
            ClosedLoad.Result warmDirect = ClosedLoad.run("warm-up-direct", http, options.clients(), options.warmUp(), direct);
            ClosedLoad.Result warmRouted = ClosedLoad.run("warm-up-gateway", http, options.clients(), options.warmUp(), routed);
            List<ClosedLoad.Result> directs = new ArrayList<>();
            List<ClosedLoad.Result> routeds = new ArrayList<>();
            for (int round = 1; round <= options.rounds(); round++) {
                System.out.println("[gateway] round " + round + "/" + options.rounds() + ": " + options.duration().toSeconds()
                        + " s direct, then " + options.duration().toSeconds() + " s through the gateway");
                directs.add(ClosedLoad.run("direct-" + round, http, options.clients(), options.duration(), direct));
                routeds.add(ClosedLoad.run("gateway-" + round, http, options.clients(), options.duration(), routed));
            }
            return results(options, environment, warmDirect, warmRouted, directs, routeds, platform.state());
        }
    }

    private static Map<String, Object> results(Options options, Map<String, Object> environment, ClosedLoad.Result warmDirect, ClosedLoad.Result warmRouted,
                                               List<ClosedLoad.Result> directs, List<ClosedLoad.Result> routeds, Path state) {
        ClosedLoad.Result direct = ClosedLoad.Result.combine("direct", directs);
        ClosedLoad.Result routed = ClosedLoad.Result.combine("gateway", routeds);
        double combinedRatio = Report.ratio(routed.requestsPerSecond(), direct.requestsPerSecond());
        // Each round pairs a direct and a gateway run a few seconds apart, under the same background load: the median
        // of the per-round ratios is the headline, robust to the drift between rounds on a shared machine.
        double[] roundRatios = new double[directs.size()];
        for (int i = 0; i < roundRatios.length; i++) {
            roundRatios[i] = Report.ratio(routeds.get(i).requestsPerSecond(), directs.get(i).requestsPerSecond());
        }
        double throughputRatio = Report.median(roundRatios);
        long errors = direct.errorCount() + routed.errorCount();
        boolean valid = errors == 0 && direct.ok() > 0 && routed.ok() > 0;

        List<List<String>> rows = new ArrayList<>();
        List<ClosedLoad.Result> all = new ArrayList<>();
        for (int i = 0; i < directs.size(); i++) {
            all.add(directs.get(i));
            all.add(routeds.get(i));
        }
        all.add(direct);
        all.add(routed);
        for (ClosedLoad.Result r : all) {
            rows.add(List.of(r.name(), Long.toString(r.ok()), Report.f(r.requestsPerSecond(), 0), Report.f(r.latency().p50Ms(), 2),
                    Report.f(r.latency().p90Ms(), 2), Report.f(r.latency().p99Ms(), 2), Report.f(r.latency().maxMs(), 1),
                    r.errors().isEmpty() ? "0" : r.errors().toString()));
        }
        StringBuilder out = new StringBuilder();
        out.append("\nGateway overhead: GET /api/contacts/{id}, ").append(options.clients()).append(" closed-loop clients (virtual threads, ")
                .append("java.net.http, HTTP/1.1 keep-alive), ").append(options.rounds()).append(" x ")
                .append(options.duration().toSeconds()).append(" s per path after ").append(options.warmUp().toSeconds())
                .append(" s warm-up of each.\n");
        out.append("The load generator shares the machine's ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores with customer-service, the gateway, MongoDB and Kafka: absolute figures are this machine's, the ratios are the result.\n\n");
        out.append(Report.table(List.of("path", "ok", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"), rows));
        out.append("\nthroughput gateway/direct per round: ").append(java.util.Arrays.stream(roundRatios).mapToObj(r -> Report.f(r, 3)).toList())
                .append(", all rounds together: ").append(Report.f(combinedRatio, 3)).append('\n');
        out.append("throughput gateway/direct (median of the rounds): ").append(Report.f(throughputRatio, 3)).append(" (target >= ")
                .append(TARGET_THROUGHPUT_RATIO).append(": ").append(Double.isNaN(throughputRatio) ? "n/a"
                        : throughputRatio >= TARGET_THROUGHPUT_RATIO ? "met" : "NOT met").append(")\n");
        out.append("latency gateway/direct: p50 ").append(Report.f(Report.ratio(routed.latency().p50Ms(), direct.latency().p50Ms()), 2))
                .append(", p99 ").append(Report.f(Report.ratio(routed.latency().p99Ms(), direct.latency().p99Ms()), 2))
                .append("; added at p50 ").append(Report.f(routed.latency().p50Ms() - direct.latency().p50Ms(), 2)).append(" ms\n");
        if (!valid) {
            out.append("INVALID RUN: errors (any 429 included) make the figures meaningless: ").append(direct.errors())
                    .append(" direct, ").append(routed.errors()).append(" gateway\n");
        }
        System.out.println(out);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "gateway-overhead");
        environment.put("loadAverage1mAtEnd", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        json.put("environment", environment);
        json.put("options", Map.of("clients", options.clients(), "warmUpSeconds", options.warmUp().toSeconds(),
                "durationSeconds", options.duration().toSeconds(), "rounds", options.rounds(), "contacts", options.contacts(),
                "request", "GET /api/contacts/{id}", "jvmFlags", System.getProperty("bench.jvmFlags", BenchPlatform.DEFAULT_JVM_FLAGS)));
        json.put("valid", valid);
        json.put("warmUp", List.of(resultJson(warmDirect), resultJson(warmRouted)));
        json.put("rounds", all.subList(0, all.size() - 2).stream().map(GatewayOverhead::resultJson).toList());
        json.put("direct", resultJson(direct));
        json.put("gateway", resultJson(routed));
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("throughputGatewayOverDirect", Report.round(throughputRatio));
        ratios.put("throughputGatewayOverDirectDefinition", "median over the rounds of gateway req/s / direct req/s of the same round");
        ratios.put("throughputGatewayOverDirectPerRound", java.util.Arrays.stream(roundRatios).mapToObj(Report::round).toList());
        ratios.put("throughputGatewayOverDirectAllRounds", Report.round(combinedRatio));
        ratios.put("throughputTarget", TARGET_THROUGHPUT_RATIO);
        ratios.put("throughputTargetMet", !Double.isNaN(throughputRatio) && throughputRatio >= TARGET_THROUGHPUT_RATIO);
        ratios.put("latencyP50GatewayOverDirect", Report.round(Report.ratio(routed.latency().p50Ms(), direct.latency().p50Ms())));
        ratios.put("latencyP99GatewayOverDirect", Report.round(Report.ratio(routed.latency().p99Ms(), direct.latency().p99Ms())));
        json.put("ratios", ratios);
        json.put("platformLogs", state.resolve("logs").toString());
        return json;
    }

    static Map<String, Object> resultJson(ClosedLoad.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("seconds", Report.round(r.seconds()));
        m.put("ok", r.ok());
        m.put("requestsPerSecond", Report.round(r.requestsPerSecond()));
        m.put("errors", r.errors());
        m.put("latency", Report.latency(r.latency()));
        return m;
    }
}
