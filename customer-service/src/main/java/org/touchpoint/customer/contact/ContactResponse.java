package org.touchpoint.customer.contact;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.touchpoint.customer.activity.ActivityView;

public record ContactResponse(String id, String firstName, String lastName, String displayName, List<String> emails,
                              List<String> phones, String accountId, String accountName, String title, String ownerId,
                              String lifecycleStage, List<String> tags, Map<String, ConsentState> consent,
                              ContactRequest.Notes notes, Map<String, Object> customAttributes,
                              Map<String, String> externalIds, ActivityView activity, Instant createdAt,
                              Instant updatedAt, long version) {
}
