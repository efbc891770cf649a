package org.touchpoint.analytics.fold;

import org.touchpoint.kit.folding.Contribution;

/** What a customer's view adds to the dashboards (implemented by the dashboards, which read what the views add up to). */
@FunctionalInterface
public interface ViewContribution {

    Contribution of(CustomerView view);
}
