package org.touchpoint.marketing.campaign;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.touchpoint.kit.web.CrmApiException.FieldError;

/**
 * A message template with personalisation: {@code {{firstName}}}, {@code {{nickname}}} ... Every placeholder must
 * be one of {@link #FIELDS}; an unknown one is refused when the campaign is saved, never discovered at send time.
 */
public final class Template {

    /** What a template may use, and what it becomes. */
    public static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("firstName", "the customer's first name"),
            Map.entry("lastName", "the customer's last name"),
            Map.entry("displayName", "the customer's full name"),
            Map.entry("nickname", "how the customer likes to be called (falls back to the first name)"),
            Map.entry("accountName", "the customer's company"),
            Map.entry("campaignName", "the campaign's name"),
            Map.entry("offerName", "the offer's name"),
            Map.entry("offerCode", "the offer's code"),
            Map.entry("link", "the tracked link to the campaign's landing page"),
            Map.entry("respondUrl", "the address a landing page posts a response (click-to-contact, form) to"),
            Map.entry("unsubscribeUrl", "the unsubscribe link"));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    private Template() {
    }

    /** The placeholders a text uses. */
    public static Set<String> placeholders(String text) {
        Set<String> used = new LinkedHashSet<>();
        if (text != null) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        return used;
    }

    /** Problems with the placeholders of {@code text}, reported at {@code path}. */
    public static List<FieldError> check(String text, String path) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : placeholders(text)) {
            if (!FIELDS.containsKey(name)) {
                errors.add(new FieldError(path, "unknown field {{" + name + "}}; known: " + FIELDS.keySet().stream().sorted().toList()));
            }
        }
        return errors;
    }

    /** Replaces every placeholder with its value (empty when the customer has none), escaping with {@code escape}. */
    public static String render(String text, Map<String, String> values, java.util.function.UnaryOperator<String> escape) {
        if (text == null) {
            return "";
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : escape.apply(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Minimal HTML escaping for values placed in an HTML body. */
    public static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
