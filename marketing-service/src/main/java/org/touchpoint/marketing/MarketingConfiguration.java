package org.touchpoint.marketing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Typed settings and the send / schedule loops. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MarketingProperties.class)
@EnableScheduling
class MarketingConfiguration {
}
