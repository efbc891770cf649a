package org.touchpoint.support;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Cases with SLAs by support tier, escalation, work logs and cost, satisfaction surveys, field visits and the agent's context. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SupportServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SupportServiceApplication.class, args);
    }
}
