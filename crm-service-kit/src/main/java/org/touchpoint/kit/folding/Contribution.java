package org.touchpoint.kit.folding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one view contributes to the aggregates, as a function of its state: per aggregate, summed counters
 * ({@code sums}: field → value, added up over every view) and members ({@code members}: member id → value, the
 * view listed in a sorted bucket, for top-N lists). Aggregates are named freely ({@code pipeline},
 * {@code revenue:EUR:b0412}); each is stored once per partition, so that one writer owns each document.
 */
public final class Contribution {

    public static final Contribution NONE = new Contribution();

    private final Map<String, Map<String, Long>> sums = new TreeMap<>();
    private final Map<String, Map<String, Object>> members = new TreeMap<>();

    public Contribution add(String aggregate, String field, long value) {
        if (value != 0) {
            check(this);
            sums.computeIfAbsent(aggregate, a -> new TreeMap<>()).merge(field, value, Long::sum);
        }
        return this;
    }

    /** Lists the view as {@code member} of {@code aggregate}, with a value shown in the list (a number or a string). */
    public Contribution member(String aggregate, String member, Object value) {
        check(this);
        members.computeIfAbsent(aggregate, a -> new TreeMap<>()).put(member, Objects.requireNonNull(value));
        return this;
    }

    public Map<String, Map<String, Long>> sums() {
        return Collections.unmodifiableMap(sums);
    }

    public Map<String, Map<String, Object>> members() {
        return Collections.unmodifiableMap(members);
    }

    public boolean isEmpty() {
        return sums.isEmpty() && members.isEmpty();
    }

    Map<String, Long> sumsOf(String aggregate) {
        return sums.getOrDefault(aggregate, Map.of());
    }

    Map<String, Object> membersOf(String aggregate) {
        return members.getOrDefault(aggregate, Map.of());
    }

    java.util.Set<String> aggregateNames() {
        java.util.Set<String> names = new java.util.TreeSet<>(sums.keySet());
        names.addAll(members.keySet());
        return names;
    }

    private static void check(Contribution c) {
        if (c == NONE) {
            throw new UnsupportedOperationException("Contribution.NONE is shared: start from new Contribution()");
        }
    }

    /** As stored in a view document: {aggregate: {s: {field: n}, m: {member: value}}} with escaped keys. */
    org.bson.Document toBson() {
        org.bson.Document out = new org.bson.Document();
        for (String name : aggregateNames()) {
            org.bson.Document a = new org.bson.Document();
            Map<String, Long> s = sumsOf(name);
            if (!s.isEmpty()) {
                org.bson.Document sd = new org.bson.Document();
                s.forEach((k, v) -> sd.append(FieldNames.escape(k), v));
                a.append("s", sd);
            }
            Map<String, Object> m = membersOf(name);
            if (!m.isEmpty()) {
                org.bson.Document md = new org.bson.Document();
                m.forEach((k, v) -> md.append(FieldNames.escape(k), v));
                a.append("m", md);
            }
            out.append(FieldNames.escape(name), a);
        }
        return out;
    }

    static Contribution fromBson(Object raw) {
        Contribution c = new Contribution();
        if (raw instanceof org.bson.Document d) {
            for (Map.Entry<String, Object> e : d.entrySet()) {
                String name = FieldNames.unescape(e.getKey());
                if (!(e.getValue() instanceof org.bson.Document a)) {
                    continue;
                }
                if (a.get("s") instanceof org.bson.Document sd) {
                    sd.forEach((k, v) -> c.add(name, FieldNames.unescape(k), ((Number) v).longValue()));
                }
                if (a.get("m") instanceof org.bson.Document md) {
                    md.forEach((k, v) -> c.member(name, FieldNames.unescape(k), v));
                }
            }
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Contribution c && sums.equals(c.sums) && members.equals(c.members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sums, members);
    }

    @Override
    public String toString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sums", sums);
        m.put("members", members);
        return m.toString();
    }
}
