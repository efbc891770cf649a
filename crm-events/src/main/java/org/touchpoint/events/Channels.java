package org.touchpoint.events;

import java.util.Set;

/** The channels through which a customer is touched. A touch's channel is one of these. */
public final class Channels {

    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String WEB = "web";
    public static final String VISIT = "visit";
    public static final String CHAT = "chat";
    public static final String PARTNER = "partner";
    public static final String SYSTEM = "system";

    public static final Set<String> ALL = Set.of(EMAIL, PHONE, WEB, VISIT, CHAT, PARTNER, SYSTEM);

    private Channels() {
    }

    public static boolean isKnown(String channel) {
        return channel != null && ALL.contains(channel);
    }
}
