package org.touchpoint.marketing;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the parts of a received email, decoded, and the tracking links in them. */
public final class MailParts {

    private MailParts() {
    }

    public static String text(MimeMessage m) {
        return part(m, "text/plain");
    }

    public static String html(MimeMessage m) {
        return part(m, "text/html");
    }

    /** Paths of the public tracking links ({@code /public/track/<kind>/<token>}) in a text, in order. */
    public static List<String> trackingPaths(String text, String kind) {
        List<String> paths = new ArrayList<>();
        Matcher matcher = Pattern.compile("https?://[^/\\s\"]+(/public/track/" + kind + "/[A-Za-z0-9_.-]+)").matcher(text);
        while (matcher.find()) {
            paths.add(matcher.group(1));
        }
        return paths;
    }

    private static String part(Part p, String type) {
        try {
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
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
