package org.touchpoint.customer.support;

import java.text.Normalizer;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.data.mongodb.core.query.Criteria;
import org.touchpoint.kit.web.CrmApiException;

/**
 * Search without {@code $text} (which mongo-java-server lacks): each document keeps a small array of
 * normalised terms — lower case, accents stripped, so "José Núñez" is found by "jose" and "nun" — and a
 * prefix query is an anchored regex on that array.
 */
public final class SearchTerms {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");
    private static final Pattern REGEX_SPECIALS = Pattern.compile("[\\\\^$.|?*+()\\[\\]{}]");

    private SearchTerms() {
    }

    public static String normalize(String s) {
        if (s == null) {
            return "";
        }
        return MARKS.matcher(Normalizer.normalize(s.trim(), Normalizer.Form.NFD)).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** Whole values and each of their words, normalised, without blanks or duplicates. */
    public static List<String> of(Collection<String> values) {
        Set<String> terms = new LinkedHashSet<>();
        for (String value : values) {
            String n = normalize(value);
            if (n.isEmpty()) {
                continue;
            }
            terms.add(n);
            for (String word : SEPARATORS.split(n)) {
                if (!word.isEmpty()) {
                    terms.add(word);
                }
            }
        }
        return List.copyOf(terms);
    }

    static final String FIELD = "searchTerms";
    static final int MAX_QUERY = 100;

    /**
     * The list filter for a user's {@code q}: documents with a term starting with it; empty when q is blank.
     *
     * @throws CrmApiException 400 naming {@code q} when it is longer than {@value #MAX_QUERY} characters
     */
    public static Optional<Criteria> prefixFilter(String q) {
        if (q == null || q.isBlank()) {
            return Optional.empty();
        }
        if (q.length() > MAX_QUERY) {
            throw CrmApiException.badRequest("q", "must be at most " + MAX_QUERY + " characters");
        }
        return Optional.of(Criteria.where(FIELD).regex(prefixRegex(q)));
    }

    /** An anchored, escaped regex for a user's prefix: never interprets the user's input as a pattern. */
    public static String prefixRegex(String query) {
        return "^" + REGEX_SPECIALS.matcher(normalize(query)).replaceAll("\\\\$0");
    }
}
