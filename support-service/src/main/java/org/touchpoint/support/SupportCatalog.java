package org.touchpoint.support;

import java.util.List;
import org.springframework.stereotype.Component;
import org.touchpoint.kit.web.CrmApiException;

/** The configured queues and tiers, and the checks every feature makes against them (unknown: 400). */
@Component
public class SupportCatalog {

    public static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");
    public static final List<String> CHANNELS = List.of("phone", "email", "web", "chat", "partner");

    private final SupportProperties properties;

    public SupportCatalog(SupportProperties properties) {
        this.properties = properties;
        if (properties.tiers().isEmpty() || properties.queues().isEmpty()) {
            throw new IllegalStateException("crm.support.tiers and crm.support.queues must not be empty");
        }
        if (!properties.tiers().contains(properties.defaultTier())) {
            throw new IllegalStateException("crm.support.default-tier " + properties.defaultTier() + " is not in crm.support.tiers");
        }
        if (!properties.queues().contains(properties.defaultQueue()) || !properties.queues().contains(properties.escalationQueue())) {
            throw new IllegalStateException("crm.support.default-queue and escalation-queue must be in crm.support.queues");
        }
    }

    public List<String> queues() {
        return properties.queues();
    }

    public List<String> tiers() {
        return properties.tiers();
    }

    public String defaultTier() {
        return properties.defaultTier();
    }

    public String defaultQueue() {
        return properties.defaultQueue();
    }

    public String escalationQueue() {
        return properties.escalationQueue();
    }

    public boolean isTier(String tier) {
        return tier != null && properties.tiers().contains(tier);
    }

    /** Position of the tier from lowest (0); -1 when unknown. */
    public int rank(String tier) {
        return properties.tiers().indexOf(tier);
    }

    public String requireTier(String field, String tier) {
        if (!isTier(tier)) {
            throw CrmApiException.badRequest(field, "unknown tier; known tiers are " + properties.tiers());
        }
        return tier;
    }

    public String requireQueue(String field, String queue) {
        if (queue == null || !properties.queues().contains(queue)) {
            throw CrmApiException.badRequest(field, "unknown queue; known queues are " + properties.queues());
        }
        return queue;
    }

    public static String requirePriority(String field, String priority) {
        if (priority == null || !PRIORITIES.contains(priority)) {
            throw CrmApiException.badRequest(field, "must be one of " + PRIORITIES);
        }
        return priority;
    }

    /** The next priority up (urgent stays urgent). */
    public static String raise(String priority) {
        int i = PRIORITIES.indexOf(priority);
        return PRIORITIES.get(Math.min(i + 1, PRIORITIES.size() - 1));
    }
}
