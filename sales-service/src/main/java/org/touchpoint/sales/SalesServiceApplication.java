package org.touchpoint.sales;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Leads with explainable scoring, opportunities through pipelines, the forecast, activities and reminders, and the briefing a salesperson reads before a visit. */
@SpringBootApplication
public class SalesServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SalesServiceApplication.class, args);
    }
}
