package org.touchpoint.gateway.web;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the front-end apps' origins ({@code crm.gateway.cors.allowed-origins}), before authentication: a
 * preflight carries no credentials, so it is answered here and never reaches a key check or a service. An
 * origin not listed gets 403 on preflight and no CORS headers otherwise (the browser then refuses the answer).
 * Services behind the gateway need no CORS settings of their own.
 */
@Component
class CorsFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(CorsFilter.class);

    private final DefaultCorsProcessor processor = new DefaultCorsProcessor();
    private final CorsConfiguration configuration;

    CorsFilter(WebProperties properties) {
        WebProperties.Cors cors = properties.cors();
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(cors.allowedOrigins().stream().map(String::strip).filter(o -> !o.isEmpty()).toList());
        config.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name(), HttpMethod.POST.name(),
                HttpMethod.PUT.name(), HttpMethod.PATCH.name(), HttpMethod.DELETE.name()));
        config.setAllowedHeaders(cors.allowedHeaders());
        config.setExposedHeaders(cors.exposedHeaders());
        // Bearer tokens travel in a header, not cookies: no credentials mode, so no cookie can ride along.
        config.setAllowCredentials(false);
        config.setMaxAge(cors.maxAge());
        this.configuration = config;
        if (!config.getAllowedOrigins().isEmpty()) {
            log.info("CORS allowed for {}", config.getAllowedOrigins());
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!CorsUtils.isCorsRequest(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        boolean valid = processor.process(configuration, exchange);
        if (!valid || CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            return Mono.empty();
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }
}
