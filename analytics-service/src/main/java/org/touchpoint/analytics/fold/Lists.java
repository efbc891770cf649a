package org.touchpoint.analytics.fold;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Helpers of the order-tolerant fold: sorted keyed lists, min/max of times, first non-null. */
final class Lists {

    private Lists() {
    }

    /** The entry of a list kept sorted by key, created when missing. */
    static <T> T entry(List<T> list, Function<T, String> key, String wanted, Supplier<T> create) {
        for (T t : list) {
            if (key.apply(t).equals(wanted)) {
                return t;
            }
        }
        T created = create.get();
        list.add(created);
        list.sort(Comparator.comparing(key));
        return created;
    }

    static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isBefore(a) ? a : b;
    }

    static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isAfter(a) ? a : b;
    }

    static <T> T first(T a, T b) {
        return a != null ? a : b;
    }
}
