package org.touchpoint.customer.account;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public record AccountResponse(String id, String name, String domain, String industry, Integer size, String tier,
                              String ownerId, Address address, List<String> tags, Map<String, Object> customAttributes,
                              Map<String, String> externalIds, Instant createdAt, Instant updatedAt, long version) {
}
