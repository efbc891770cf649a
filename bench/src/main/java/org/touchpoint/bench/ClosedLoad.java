package org.touchpoint.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * A closed-loop load: {@code clients} virtual threads, each sending its next request as soon as the previous one
 * answered, for a fixed time. Only 200 answers count as throughput and as latency samples; every other status
 * (a 429 included) and every I/O failure is an error, counted by status.
 */
final class ClosedLoad {

    private ClosedLoad() {
    }

    /**
     * @param http     shared client (one connection per concurrent client, kept alive)
     * @param request  request for the n-th call of a client (n counts from 0), e.g. a GET of the n-th contact
     */
    static Result run(String name, HttpClient http, int clients, Duration duration, IntFunction<HttpRequest> request) {
        List<Latencies> perClient = new ArrayList<>();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int c = 0; c < clients; c++) {
            Latencies latencies = new Latencies(64 * 1024);
            perClient.add(latencies);
            int offset = c * 7919; // spread the clients over the ids
            threads.add(Thread.ofVirtual().name(name + "-" + c).start(() -> {
                int n = offset;
                while (System.nanoTime() < end) {
                    HttpRequest next = request.apply(n++);
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(next, HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - sent;
                        if (response.statusCode() == 200) {
                            latencies.add(took);
                        } else {
                            errors.computeIfAbsent(Integer.toString(response.statusCode()), k -> new LongAdder()).increment();
                        }
                    } catch (IOException e) {
                        errors.computeIfAbsent("io:" + e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = Latencies.mergeSorted(perClient);
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        return new Result(name, clients, seconds, sorted.length, errorCounts, Latencies.summarize(sorted), sorted);
    }

    static HttpRequest get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET()
                .header("Accept", "application/json");
        headers.forEach(builder::header);
        return builder.build();
    }

    /**
     * @param ok      200 answers
     * @param errors  other statuses ("429", "503") and I/O failures ("io:HttpTimeoutException") by count
     * @param sorted  the latency samples (ns), sorted
     */
    record Result(String name, int clients, double seconds, long ok, Map<String, Long> errors, Latencies.Summary latency,
                  long[] sorted) {

        /** Several runs of the same path as one: summed time and counts, percentiles over every sample. */
        static Result combine(String name, List<Result> parts) {
            double seconds = 0;
            Map<String, Long> errors = new TreeMap<>();
            long[] all = new long[parts.stream().mapToInt(p -> p.sorted.length).sum()];
            int at = 0;
            for (Result part : parts) {
                seconds += part.seconds;
                part.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
                System.arraycopy(part.sorted, 0, all, at, part.sorted.length);
                at += part.sorted.length;
            }
            java.util.Arrays.sort(all);
            return new Result(name, parts.getFirst().clients, seconds, all.length, errors, Latencies.summarize(all), all);
        }

        double requestsPerSecond() {
            return ok / seconds;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
