package org.touchpoint.sales.customer;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(ErasureProperties.class)
class ErasureConfiguration {

    @Bean
    ErasureRetry erasureRetry(Erasures erasures, ErasureProperties properties, MeterRegistry meters) {
        return new ErasureRetry(erasures, properties, meters);
    }
}
