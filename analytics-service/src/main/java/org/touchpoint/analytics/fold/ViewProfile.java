package org.touchpoint.analytics.fold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.touchpoint.events.CustomerProfile;

/** The latest profile snapshot of a customer (highest version), as analytics keeps it. */
public class ViewProfile {
    public String accountId;
    public String accountName;
    public String firstName;
    public String lastName;
    public String displayName;
    public String nickname;
    public String email;
    public String phone;
    public String title;
    public String ownerId;
    public String lifecycleStage;
    public String preferences;
    public List<String> consentGranted = new ArrayList<>();
    public List<String> tags = new ArrayList<>();
    public long version;
    public Instant updatedAt;

    static ViewProfile of(CustomerProfile p) {
        ViewProfile v = new ViewProfile();
        v.accountId = p.accountId();
        v.accountName = p.accountName();
        v.firstName = p.firstName();
        v.lastName = p.lastName();
        v.displayName = p.displayName();
        v.nickname = p.nickname();
        v.email = p.email();
        v.phone = p.phone();
        v.title = p.title();
        v.ownerId = p.ownerId();
        v.lifecycleStage = p.lifecycleStage();
        v.preferences = p.preferences();
        v.consentGranted = new ArrayList<>(p.consent().keySet().stream().filter(p::consents).sorted().toList());
        v.tags = new ArrayList<>(p.tags());
        v.version = p.version();
        v.updatedAt = p.updatedAt();
        return v;
    }
}
