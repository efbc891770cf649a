package org.touchpoint.marketing.message;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.touchpoint.marketing.MarketingProperties;

/**
 * Email over SMTP: a text and an HTML alternative, the one-click unsubscribe headers of RFC 8058
 * ({@code List-Unsubscribe} with the signed URL, {@code List-Unsubscribe-Post}), and the message id in
 * {@code X-Touchpoint-Message-Id} (an opaque id, no personal data).
 */
@Component
class EmailAdapter implements ChannelAdapter {

    private final JavaMailSender mail;
    private final MarketingProperties.Email settings;

    EmailAdapter(JavaMailSender mail, MarketingProperties properties) {
        this.mail = mail;
        this.settings = properties.email();
    }

    @Override
    public String medium() {
        return Message.EMAIL;
    }

    @Override
    public void send(Message m) throws Exception {
        MimeMessage mime = mail.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, true, StandardCharsets.UTF_8.name());
        helper.setFrom(new InternetAddress(settings.from(), settings.fromName(), StandardCharsets.UTF_8.name()));
        helper.setTo(m.address());
        helper.setSubject(m.subject() == null ? "" : m.subject());
        helper.setText(m.text(), m.html());
        mime.setHeader("List-Unsubscribe", "<" + m.unsubscribeUrl() + ">");
        mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        mime.setHeader("X-Touchpoint-Message-Id", m.getId());
        mime.setHeader("X-Touchpoint-Campaign-Id", m.campaignId());
        mail.send(mime);
    }
}
