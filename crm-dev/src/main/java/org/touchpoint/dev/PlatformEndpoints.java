package org.touchpoint.dev;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where the started platform answers, and the credentials to use it.
 *
 * @param gatewayUrl            e.g. http://localhost:8080; null when started without the gateway
 * @param apiKey                the development API key (send as {@code X-API-Key}); null without the gateway
 * @param services              service name → base URL (direct access, around the gateway)
 * @param kafkaBootstrapServers e.g. localhost:19092
 * @param mongoUri              e.g. mongodb://localhost:27117
 * @param internalTokenSecret   the HMAC secret shared by the gateway and the services
 * @param gatewayAdminKey       the gateway's bootstrap admin key
 * @param startupTime           from {@link Platform#start()} to everything ready
 * @param mailSmtpPort          the development mail server's SMTP port (services send through it)
 * @param mailImapPort          its IMAP port: read what was sent, user and password = the recipient's address
 */
public record PlatformEndpoints(
        URI gatewayUrl,
        String apiKey,
        Map<String, URI> services,
        String kafkaBootstrapServers,
        String mongoUri,
        String internalTokenSecret,
        String gatewayAdminKey,
        Duration startupTime,
        int mailSmtpPort,
        int mailImapPort) {

    public PlatformEndpoints {
        services = Map.copyOf(services);
    }

    /** Base URL of one service, for direct access around the gateway. */
    public URI service(String name) {
        URI uri = services.get(name);
        if (uri == null) {
            throw new IllegalArgumentException("No service " + name + " in this platform: " + services.keySet());
        }
        return uri;
    }
}
