package org.touchpoint.sales.activity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.sales.tasks.*}.
 *
 * @param scanInterval how often each replica looks for due reminders (the reminder's precision)
 * @param batchSize    due tasks fired per query; a pass repeats the query while batches come back full
 */
@ConfigurationProperties("crm.sales.tasks")
public record TaskProperties(@DefaultValue("5s") Duration scanInterval, @DefaultValue("100") int batchSize) {
}
