package org.touchpoint.customer.support;

import java.text.Normalizer;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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

    /** An anchored, escaped regex for a user's prefix: never interprets the user's input as a pattern. */
    public static String prefixRegex(String query) {
        return "^" + REGEX_SPECIALS.matcher(normalize(query)).replaceAll("\\\\$0");
    }
}
