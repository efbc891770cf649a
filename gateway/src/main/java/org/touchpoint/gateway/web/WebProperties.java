package org.touchpoint.gateway.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Browser-facing settings, prefix {@code crm.gateway}: CORS for the front-end apps' origins and the security
 * headers every answer carries.
 */
@ConfigurationProperties("crm.gateway")
public record WebProperties(@DefaultValue Cors cors, @DefaultValue SecurityHeaders securityHeaders) {

    /**
     * @param allowedOrigins  origins of the front-end apps ({@code https://app.example.com}); empty: no cross-origin
     *                        access at all
     * @param allowedHeaders  request headers a browser may send
     * @param exposedHeaders  response headers a browser app may read
     * @param maxAge          how long a browser may cache a preflight answer
     */
    public record Cors(@DefaultValue List<String> allowedOrigins,
                       @DefaultValue({"Authorization", "Content-Type", "Idempotency-Key", "If-Match", "If-None-Match",
                               "traceparent"}) List<String> allowedHeaders,
                       @DefaultValue({"ETag", "Location", "RateLimit", "RateLimit-Policy", "Retry-After",
                               "Idempotent-Replayed"}) List<String> exposedHeaders,
                       @DefaultValue("30m") Duration maxAge) {
    }

    /**
     * @param hsts                  value of {@code Strict-Transport-Security} (blank: not sent)
     * @param contentSecurityPolicy policy of API answers; the Swagger UI under {@code /docs} gets {@code docsPolicy}
     * @param docsPolicy            policy of the Swagger UI pages
     */
    public record SecurityHeaders(@DefaultValue("max-age=31536000; includeSubDomains") String hsts,
                                  @DefaultValue("default-src 'none'; frame-ancestors 'none'") String contentSecurityPolicy,
                                  @DefaultValue("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                          + "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'") String docsPolicy) {
    }
}
