package org.touchpoint.sales.customer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retryInterval how often each replica looks for erasures a failure left pending; one is retried once it has
 *                      been pending for a whole interval (its tombstone's reaction had its chance)
 */
@ConfigurationProperties("crm.sales.erasure")
record ErasureProperties(@DefaultValue("1m") Duration retryInterval) {
}
