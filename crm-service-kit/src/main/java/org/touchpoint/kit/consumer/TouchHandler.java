package org.touchpoint.kit.consumer;

import org.touchpoint.events.CrmEvent;
import org.touchpoint.events.Touch;

/**
 * A service's reaction to touches on {@code crm.touches}. Declare a bean and the kit subscribes the
 * service (its folding consumer, group {@code <spring.application.name>-folding}, runs reactions after the folds). Handlers must be idempotent, by their own checks,
 * because delivery is at least once. Throwing retries with backoff, then dead-letters the record.
 */
@FunctionalInterface
public interface TouchHandler {

    void onTouch(CrmEvent<Touch> event);
}
