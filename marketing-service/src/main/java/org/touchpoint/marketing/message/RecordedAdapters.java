package org.touchpoint.marketing.message;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * SMS and direct mail: no gateway is connected yet, so a send is recorded (status sent, touch
 * {@code message.sent} with channel system and {@code attributes.medium}) for the printer or the SMS provider's
 * batch export to pick up. Replacing one with a real provider is one {@link ChannelAdapter} bean.
 */
@Configuration(proxyBeanMethods = false)
class RecordedAdapters {

    @Bean
    ChannelAdapter smsAdapter() {
        return recorded(Message.SMS);
    }

    @Bean
    ChannelAdapter mailAdapter() {
        return recorded(Message.MAIL);
    }

    private static ChannelAdapter recorded(String medium) {
        return new ChannelAdapter() {
            @Override
            public String medium() {
                return medium;
            }

            @Override
            public void send(Message message) {
                // Recorded: the message document is the send record.
            }
        };
    }
}
