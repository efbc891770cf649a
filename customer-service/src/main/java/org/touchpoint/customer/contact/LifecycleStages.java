package org.touchpoint.customer.contact;

/** subscriber → lead → marketing-qualified → sales-qualified → opportunity → customer → evangelist, or churned. */
final class LifecycleStages {

    static final String PATTERN = "subscriber|lead|marketing-qualified|sales-qualified|opportunity|customer|evangelist|churned";
    static final String LIST = "subscriber, lead, marketing-qualified, sales-qualified, opportunity, customer, evangelist, churned";
    static final String DEFAULT = "lead";

    private LifecycleStages() {
    }
}
