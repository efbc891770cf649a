package org.touchpoint.events;

import java.util.List;

/** Scope names granted to API keys and users and enforced per endpoint by the services: {@code <resource>:<read|write>}. */
public final class Scopes {

    public static final String ACCOUNTS_READ = "accounts:read";
    public static final String ACCOUNTS_WRITE = "accounts:write";
    public static final String CONTACTS_READ = "contacts:read";
    public static final String CONTACTS_WRITE = "contacts:write";
    // sales-service
    public static final String LEADS_READ = "leads:read";
    public static final String LEADS_WRITE = "leads:write";
    /** Opportunities, pipelines, forecast. */
    public static final String OPPORTUNITIES_READ = "opportunities:read";
    public static final String OPPORTUNITIES_WRITE = "opportunities:write";
    /** Calls, meetings, emails, tasks; the visit briefing. */
    public static final String ACTIVITIES_READ = "activities:read";
    public static final String ACTIVITIES_WRITE = "activities:write";
    // marketing-service
    public static final String SEGMENTS_READ = "segments:read";
    public static final String SEGMENTS_WRITE = "segments:write";
    /** Campaigns, offers, ROI, recommendations. */
    public static final String CAMPAIGNS_READ = "campaigns:read";
    public static final String CAMPAIGNS_WRITE = "campaigns:write";
    // support-service
    /** Cases, comments, work logs, visits, entitlements, the agent's context. */
    public static final String CASES_READ = "cases:read";
    public static final String CASES_WRITE = "cases:write";
    /** SLA policies and compliance. */
    public static final String SLA_READ = "sla:read";
    public static final String SLA_WRITE = "sla:write";
    // analytics-service
    /** The 360 view, timelines, dashboards. */
    public static final String ANALYTICS_READ = "analytics:read";
    /** Rebuilds. */
    public static final String ANALYTICS_WRITE = "analytics:write";
    /** Administration of the gateway itself (API keys). */
    public static final String ADMIN = "admin";

    /** Every scope the platform knows (the development key holds them all). */
    public static final List<String> ALL = List.of(ACCOUNTS_READ, ACCOUNTS_WRITE, CONTACTS_READ, CONTACTS_WRITE,
            LEADS_READ, LEADS_WRITE, OPPORTUNITIES_READ, OPPORTUNITIES_WRITE, ACTIVITIES_READ, ACTIVITIES_WRITE,
            SEGMENTS_READ, SEGMENTS_WRITE, CAMPAIGNS_READ, CAMPAIGNS_WRITE, CASES_READ, CASES_WRITE, SLA_READ, SLA_WRITE,
            ANALYTICS_READ, ANALYTICS_WRITE, ADMIN);

    private Scopes() {
    }
}
