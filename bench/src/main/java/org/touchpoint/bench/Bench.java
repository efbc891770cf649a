package org.touchpoint.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.touchpoint.dev.PlatformConfig;

/**
 * Runs the benchmarks: {@code gateway} (gateway overhead), {@code freshness} (touch freshness) or {@code all}.
 * Each starts its own platform (crm-dev, random ports, fresh state under {@code bench/target/}), prints a table and
 * writes JSON under {@code bench/target/results/}. Knobs are system properties (bench/README.md). Exit code 0 when
 * every run was valid (no errors, no 429), 1 otherwise, 2 on a usage error.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        String which = args.length == 0 ? "" : args[0];
        if (!List.of("gateway", "freshness", "all").contains(which)) {
            System.err.println("usage: java -cp 'bench/target/bench.jar:bench/target/lib/*' org.touchpoint.bench.Bench gateway|freshness|all"
                    + "\n(run from the repository root; see bench/README.md)");
            System.exit(2);
        }
        Path repository = PlatformConfig.repositoryRoot(Path.of(""));
        boolean valid = true;
        if (which.equals("gateway") || which.equals("all")) {
            Map<String, Object> results = GatewayOverhead.run(repository, GatewayOverhead.Options.fromSystemProperties());
            System.out.println("results: " + Report.writeJson(repository, "gateway-overhead", results));
            valid &= Boolean.TRUE.equals(results.get("valid"));
        }
        if (which.equals("freshness") || which.equals("all")) {
            Map<String, Object> results = TouchFreshness.run(repository, TouchFreshness.Options.fromSystemProperties());
            System.out.println("results: " + Report.writeJson(repository, "touch-freshness", results));
            valid &= Boolean.TRUE.equals(results.get("valid"));
        }
        System.exit(valid ? 0 : 1);
    }
}
