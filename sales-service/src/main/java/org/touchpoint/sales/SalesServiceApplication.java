package org.touchpoint.sales;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.touchpoint.sales.scoring.ScoringProperties;

/** Leads with explainable scoring, opportunities through pipelines, the forecast, activities and reminders, and the briefing a salesperson reads before a visit. */
@SpringBootApplication
@EnableConfigurationProperties(ScoringProperties.class)
public class SalesServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SalesServiceApplication.class, args);
    }
}
