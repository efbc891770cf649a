package org.touchpoint.marketing.message;

/** Delivers a message over one medium (email, sms, mail). Throws when the message could not be handed over. */
public interface ChannelAdapter {

    String medium();

    void send(Message message) throws Exception;
}
