package org.touchpoint.dev;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Spring Boot application of the platform: a module of the repository whose fat jar is
 * {@code <module>/target/<module>.jar}. A port of 0 means "pick a free port at start".
 */
public record ServiceSpec(String name, int port) {

    private static final Pattern MODULE_NAME = Pattern.compile("[a-z][a-z0-9-]*");

    public ServiceSpec {
        if (name == null || !MODULE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid service (module) name: '" + name + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid port for " + name + ": " + port);
        }
    }

    /** The fat jar built by the module, relative to the repository root. */
    public Path jar(Path rootDir) {
        return rootDir.resolve(name).resolve("target").resolve(name + ".jar");
    }

    /** The environment variable through which the gateway learns this service's URL: customer-service → CUSTOMER_SERVICE_URI. */
    public String uriVariable() {
        return name.toUpperCase(Locale.ROOT).replace('-', '_') + "_URI";
    }

    ServiceSpec withPort(int newPort) {
        return new ServiceSpec(name, newPort);
    }
}
