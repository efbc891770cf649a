package org.touchpoint.marketing.message;

import java.time.Duration;
import java.time.Instant;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.touchpoint.events.Channels;
import org.touchpoint.events.Touch;
import org.touchpoint.events.TouchKinds;
import org.touchpoint.kit.outbox.OutboxDocument;

/**
 * One campaign message to one customer, and what became of it. The send loop claims it with a versioned write
 * (status {@code sending}), hands it to the channel, then records the outcome; each change emits its touch
 * through this document's outbox: {@code message.sent}, {@code message.opened}, {@code link.clicked},
 * {@code campaign.responded}, {@code consent.withdrawn}. At most one message per campaign and customer.
 */
@Document("messages")
@CompoundIndex(name = "recipient", def = "{'campaignId': 1, 'customerId': 1}", unique = true)
@CompoundIndex(name = "due", def = "{'status': 1, 'nextAttemptAt': 1}")
@CompoundIndex(name = "customer", def = "{'customerId': 1, 'createdAt': 1}")
public class Message extends OutboxDocument {

    public static final String QUEUED = "queued";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    public static final String EMAIL = "email";
    public static final String SMS = "sms";
    public static final String MAIL = "mail";

    private String campaignId;
    private String campaignName;
    private String objective;
    private String customerId;
    private String accountId;
    /** email, sms or mail. */
    private String medium;
    private String address;
    private String offerCode;
    private String offerName;
    private String subject;
    private String text;
    private String html;
    private String unsubscribeUrl;
    private String landingUrl;
    private String status;
    private int attempts;
    private Instant nextAttemptAt;
    private Instant claimedUntil;
    private String lastError;
    private Instant createdAt;
    private Instant sentAt;
    private Instant failedAt;
    private Instant openedAt;
    private long opens;
    private Instant clickedAt;
    private long clicks;
    private Instant respondedAt;
    private String response;
    private Instant unsubscribedAt;
    /** The W3C trace context of the request that launched the campaign; the send loop sends within it. */
    private String traceparent;

    Message() {
    }

    /** A queued message; its personalised content is rendered by the caller. */
    public static Message queue(String id, String campaignId, String campaignName, String objective, String customerId,
                                String accountId, String medium, String address, String offerCode, String offerName,
                                String landingUrl, Instant now) {
        Message m = new Message();
        m.id = id;
        m.campaignId = campaignId;
        m.campaignName = campaignName;
        m.objective = objective;
        m.customerId = customerId;
        m.accountId = accountId;
        m.medium = medium;
        m.address = address;
        m.offerCode = offerCode;
        m.offerName = offerName;
        m.landingUrl = landingUrl;
        m.status = QUEUED;
        m.createdAt = now;
        m.nextAttemptAt = now;
        return m;
    }

    public void content(String subject, String text, String html, String unsubscribeUrl) {
        this.subject = subject;
        this.text = text;
        this.html = html;
        this.unsubscribeUrl = unsubscribeUrl;
    }

    /** The send (and its {@code message.sent}) continues the trace of the request that launched the campaign. */
    public void continueTrace(String traceparent) {
        this.traceparent = traceparent;
    }

    /** Takes the message for one send attempt until {@code now + lease}. */
    boolean claim(Instant now, Duration lease) {
        if (!QUEUED.equals(status) || nextAttemptAt.isAfter(now)) {
            return false;
        }
        status = SENDING;
        attempts++;
        claimedUntil = now.plus(lease);
        return true;
    }

    /** The channel accepted it: {@code message.sent}. */
    void sent(Instant now) {
        status = SENT;
        sentAt = now;
        claimedUntil = null;
        lastError = null;
        String channel = EMAIL.equals(medium) ? Channels.EMAIL : Channels.SYSTEM;
        emit(touch(TouchKinds.MESSAGE_SENT, channel, "system", now,
                "Campaign \"" + campaignName + "\" sent by " + medium + (subject == null ? "" : ": " + subject))
                .attribute("campaignName", campaignName).attribute("objective", objective).attribute("offerCode", offerCode)
                .attribute("offerName", offerName).attribute("subject", subject)
                .attribute("medium", EMAIL.equals(medium) ? null : medium).build());
    }

    /** A failed attempt: retried after {@code backoff × attempts}, or failed for good after {@code maxAttempts}. */
    void attemptFailed(Instant now, String error, int maxAttempts, Duration backoff) {
        lastError = error == null ? "unknown error" : error.length() > 500 ? error.substring(0, 500) : error;
        claimedUntil = null;
        if (attempts >= maxAttempts) {
            status = FAILED;
            failedAt = now;
        } else {
            status = QUEUED;
            nextAttemptAt = now.plus(backoff.multipliedBy(attempts));
        }
    }

    /**
     * A claim that outlived its lease: the process died during the send, so whether the server accepted the
     * message is unknown. It is recorded as failed, never sent again: a customer never receives it twice.
     */
    boolean abandonExpiredClaim(Instant now) {
        if (!SENDING.equals(status) || claimedUntil == null || claimedUntil.isAfter(now)) {
            return false;
        }
        status = FAILED;
        failedAt = now;
        lastError = "interrupted during the send; not retried so that it is never delivered twice";
        claimedUntil = null;
        return true;
    }

    /** The campaign was cancelled before this message left. */
    boolean cancelIfQueued(Instant now) {
        if (!QUEUED.equals(status)) {
            return false;
        }
        status = CANCELLED;
        failedAt = now;
        return true;
    }

    /** The tracking pixel was loaded: the first open emits {@code message.opened}; later ones only count. */
    public boolean opened(Instant now) {
        opens++;
        if (openedAt != null) {
            return false;
        }
        openedAt = now;
        emit(touch(TouchKinds.MESSAGE_OPENED, Channels.EMAIL, "customer", now, "Opened \"" + subject + "\"")
                .attribute("offerCode", offerCode).build());
        return true;
    }

    /** The link was followed: each click emits {@code link.clicked} (a click implies an open). */
    public void clicked(Instant now, String link) {
        if (openedAt == null) {
            opened(now);
        }
        clicks++;
        if (clickedAt == null) {
            clickedAt = now;
        }
        emit(touch(TouchKinds.LINK_CLICKED, EMAIL.equals(medium) ? Channels.EMAIL : Channels.WEB, "customer", now,
                "Followed the " + link + " link of \"" + campaignName + "\"").attribute("link", link).attribute("offerCode", offerCode).build());
    }

    /** The customer answered (click-to-contact, a form): the first answer emits {@code campaign.responded}. */
    public boolean responded(Instant now, String response, String note) {
        if (respondedAt != null) {
            return false;
        }
        respondedAt = now;
        this.response = response;
        emit(touch(TouchKinds.CAMPAIGN_RESPONDED, Channels.WEB, "customer", now,
                "Responded to \"" + campaignName + "\" (" + response + ")")
                .attribute("response", response).attribute("offerCode", offerCode).attribute("offerName", offerName)
                .attribute("campaignName", campaignName).attribute("note", note).build());
        return true;
    }

    /** The unsubscribe link was used: the first use emits {@code consent.withdrawn} for the message's channel. */
    public boolean unsubscribed(Instant now) {
        if (unsubscribedAt != null) {
            return false;
        }
        unsubscribedAt = now;
        String withdrawn = SMS.equals(medium) ? "sms" : MAIL.equals(medium) ? "mail" : "email";
        String channel = EMAIL.equals(withdrawn) ? Channels.EMAIL : Channels.SYSTEM;
        emit(touch(TouchKinds.CONSENT_WITHDRAWN, channel, "customer", now, "Unsubscribed from " + withdrawn + " campaigns")
                .attribute("channel", withdrawn).attribute("source", "unsubscribe-link").build());
        return true;
    }

    private Touch.Builder touch(String kind, String channel, String actor, Instant at, String summary) {
        return Touch.builder(customerId, kind).accountId(accountId).channel(channel).occurredAt(at).actor(actor).summary(summary)
                .ref("campaignId", campaignId).ref("messageId", id);
    }

    public String campaignId() { return campaignId; }
    public String customerId() { return customerId; }
    public String accountId() { return accountId; }
    public String medium() { return medium; }
    public String address() { return address; }
    public String offerCode() { return offerCode; }
    public String subject() { return subject; }
    public String text() { return text; }
    public String html() { return html; }
    public String unsubscribeUrl() { return unsubscribeUrl; }
    public String landingUrl() { return landingUrl; }
    public String status() { return status; }
    public int attempts() { return attempts; }
    public String lastError() { return lastError; }
    public Instant createdAt() { return createdAt; }
    public Instant sentAt() { return sentAt; }
    public Instant openedAt() { return openedAt; }
    public Instant clickedAt() { return clickedAt; }
    public Instant respondedAt() { return respondedAt; }
    public Instant unsubscribedAt() { return unsubscribedAt; }
    public long opens() { return opens; }
    public long clicks() { return clicks; }
    public String traceparent() { return traceparent; }
}
