package org.touchpoint.e2e;

import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.touchpoint.dev.PlatformEndpoints;

/**
 * Reads a recipient's mailbox on the platform's development mail server over IMAP (user and password = the
 * recipient's address), as a mail client would, and finds the tracking links in what arrived.
 */
final class MarketingMailbox {

    /** One received email: subject, decoded text and HTML parts, and its headers of interest. */
    record Mail(String subject, String text, String html, String listUnsubscribe, String listUnsubscribePost) {

        /** Paths ({@code /public/track/<kind>/<token>}) of the tracking links of one kind, in order. */
        List<String> trackingPaths(String kind) {
            List<String> paths = new ArrayList<>();
            String all = (text == null ? "" : text) + "\n" + (html == null ? "" : html);
            Matcher m = Pattern.compile("https?://[^/\\s\"<>]+(/public/track/" + kind + "/[A-Za-z0-9_.-]+)").matcher(all);
            while (m.find()) {
                if (!paths.contains(m.group(1))) {
                    paths.add(m.group(1));
                }
            }
            return paths;
        }
    }

    private MarketingMailbox() {
    }

    static List<Mail> read(PlatformEndpoints endpoints, String address) {
        Properties props = new Properties();
        props.put("mail.imap.host", "localhost");
        props.put("mail.imap.port", Integer.toString(endpoints.mailImapPort()));
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Session session = Session.getInstance(props);
        try (Store store = session.getStore("imap")) {
            store.connect("localhost", endpoints.mailImapPort(), address, address);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<Mail> mails = new ArrayList<>();
                for (Message m : inbox.getMessages()) {
                    mails.add(new Mail(m.getSubject(), part(m, "text/plain"), part(m, "text/html"), header(m, "List-Unsubscribe"),
                            header(m, "List-Unsubscribe-Post")));
                }
                return mails;
            } finally {
                inbox.close(false);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not read the mailbox of " + address + " over IMAP", e);
        }
    }

    private static String header(Message m, String name) throws Exception {
        String[] values = m.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    private static String part(Part p, String type) throws Exception {
        if (p.isMimeType(type)) {
            return (String) p.getContent();
        }
        if (p.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart b = mp.getBodyPart(i);
                String found = part(b, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
