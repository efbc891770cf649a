package org.touchpoint.events;

/** Scope names granted to API keys and users and enforced per endpoint by the services: {@code <resource>:<read|write>}. */
public final class Scopes {

    public static final String ACCOUNTS_READ = "accounts:read";
    public static final String ACCOUNTS_WRITE = "accounts:write";
    public static final String CONTACTS_READ = "contacts:read";
    public static final String CONTACTS_WRITE = "contacts:write";
    /** Administration of the gateway itself (API keys). */
    public static final String ADMIN = "admin";

    private Scopes() {
    }
}
