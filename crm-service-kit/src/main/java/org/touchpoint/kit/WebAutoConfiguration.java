package org.touchpoint.kit;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.touchpoint.kit.security.InternalTokenFilter;
import org.touchpoint.kit.security.InternalTokenVerifier;
import org.touchpoint.kit.security.ScopeInterceptor;
import org.touchpoint.kit.security.SecurityProperties;
import org.touchpoint.kit.web.CrmProblemHandler;
import org.touchpoint.kit.web.IdempotentRequests;
import org.touchpoint.kit.web.ProblemWriter;
import org.touchpoint.kit.web.RequestSizeLimitFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side every service shares: problem+json errors, a request-size limit, internal-token
 * verification with per-endpoint scopes, and Idempotency-Key support.
 */
@AutoConfiguration(after = {DataMongoAutoConfiguration.class, KafkaKitAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
public class WebAutoConfiguration {

    /**
     * The service's OpenAPI document names it ("Touchpoint sales-service", the build's version) and lists the
     * relative server "/": read through the gateway's hub (/docs), "Try it out" calls the gateway, not the service.
     */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(name = "io.swagger.v3.oas.models.OpenAPI")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(type = "io.swagger.v3.oas.models.OpenAPI")
    io.swagger.v3.oas.models.OpenAPI crmOpenApi(@Value("${spring.application.name:service}") String name,
            org.springframework.beans.factory.ObjectProvider<org.springframework.boot.info.BuildProperties> build) {
        org.springframework.boot.info.BuildProperties info = build.getIfAvailable();
        return new io.swagger.v3.oas.models.OpenAPI()
                .info(new io.swagger.v3.oas.models.info.Info().title("Touchpoint " + name)
                        .version(info == null ? "dev" : info.getVersion())
                        .description("Reached through the gateway (X-API-Key or a user token); errors are application/problem+json."))
                .servers(java.util.List.of(new io.swagger.v3.oas.models.servers.Server().url("/").description("the gateway")));
    }

    @Bean
    CrmProblemHandler crmProblemHandler() {
        return new CrmProblemHandler();
    }

    @Bean
    ProblemWriter problemWriter(JsonMapper json) {
        return new ProblemWriter(json);
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> crmRequestSizeLimit(
            @Value("${crm.http.max-request-size:1MB}") DataSize max, ProblemWriter problems) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimitFilter(max.toBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    InternalTokenVerifier internalTokenVerifier(SecurityProperties properties, Clock clock) {
        return new InternalTokenVerifier(properties.internalTokenSecret(), clock);
    }

    @Bean
    FilterRegistrationBean<InternalTokenFilter> crmInternalToken(InternalTokenVerifier verifier, SecurityProperties properties,
                                                                 ProblemWriter problems) {
        var registration = new FilterRegistrationBean<>(new InternalTokenFilter(verifier, properties.publicPaths(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    WebMvcConfigurer crmScopes(ProblemWriter problems) {
        ScopeInterceptor interceptor = new ScopeInterceptor(problems);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }

    @Bean
    IdempotentRequests idempotentRequests(MongoTemplate mongo, JsonMapper json, Clock clock,
                                          @Value("${crm.http.idempotency-ttl:24h}") Duration ttl,
                                          org.touchpoint.kit.folding.EmbeddedMongo embedded) {
        return new IdempotentRequests(mongo, json, clock, ttl, embedded);
    }
}
