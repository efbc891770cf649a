package org.touchpoint.events;

/** Kafka topic names. Wire names are constants: renaming a class never renames a topic. */
public final class Topics {

    /** One record per customer interaction, keyed by customer id. Unlimited retention: the replayable history. */
    public static final String TOUCHES = "crm.touches";

    /** Compacted: key = customer id, value = latest {@link CustomerProfile}; a tombstone when a customer is erased. */
    public static final String CUSTOMER_PROFILES = "crm.customer-profiles";

    /** Suffix of a consumer's dead-letter topic: {@code crm.touches.customer-service.dlt}. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {
    }

    /** The dead-letter topic of one consuming service for one source topic. */
    public static String deadLetter(String topic, String consumerService) {
        return topic + "." + consumerService + DEAD_LETTER_SUFFIX;
    }
}
