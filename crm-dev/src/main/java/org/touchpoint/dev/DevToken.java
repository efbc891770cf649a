package org.touchpoint.dev;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./crm token --user alice --roles sales [--ttl 1h]}: prints a user token of the development issuer on
 * standard output (alone, so {@code TOKEN=$(./crm token ...)} works) and a usage hint on standard error. The
 * gateway maps the roles to scopes ({@code crm.gateway.roles.*}).
 */
final class DevToken {

    static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private DevToken() {
    }

    static int run(List<String> options, Path state, PrintStream out, PrintStream err) {
        String user = null;
        List<String> roles = List.of();
        Duration ttl = DEFAULT_TTL;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            String value = i + 1 < options.size() ? options.get(i + 1) : null;
            if (value == null || value.startsWith("--")) {
                throw new IllegalArgumentException("token: " + option + " needs a value\n" + CrmDev.usage());
            }
            switch (option) {
                case "--user" -> user = value;
                case "--roles" -> roles = Arrays.stream(value.split(",")).map(String::strip).filter(r -> !r.isEmpty())
                        .toList();
                case "--ttl" -> ttl = DevIssuer.parseTtl(value);
                default -> throw new IllegalArgumentException("Unknown option for token: " + option + "\n" + CrmDev.usage());
            }
            i++;
        }
        if (user == null) {
            throw new IllegalArgumentException("token: --user is required\n" + CrmDev.usage());
        }
        DevIssuer issuer = DevIssuer.loadOrCreate(state);
        String token = issuer.mint(user, roles, ttl, Instant.now());
        out.println(token);
        err.println("# user " + user + ", roles " + roles + ", valid " + ttl.toMinutes() + " min, issuer "
                + DevIssuer.ISSUER + ". Use it on the gateway started by ./crm up:");
        err.println("#   curl -H \"Authorization: Bearer $TOKEN\" \"$CRM_GATEWAY_URL/api/leads\"");
        return 0;
    }
}
