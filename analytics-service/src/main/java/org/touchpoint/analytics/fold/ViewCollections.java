package org.touchpoint.analytics.fold;

/** The collections of one generation of the views: {@code g<n>_customers}, {@code g<n>_accounts}, ... */
public final class ViewCollections {

    private ViewCollections() {
    }

    public static String customers(int generation) {
        return "g" + generation + "_customers";
    }

    public static String accounts(int generation) {
        return "g" + generation + "_accounts";
    }

    public static String timeline(int generation) {
        return "g" + generation + "_timeline";
    }

    public static String timelineArchive(int generation) {
        return "g" + generation + "_timeline_archive";
    }

    /** The customers' aggregates (dashboards). */
    public static String aggregates(int generation) {
        return "g" + generation + "_aggregates";
    }

    /** The accounts' aggregates (their touches per day). */
    public static String accountAggregates(int generation) {
        return "g" + generation + "_account_aggregates";
    }

    /** Every collection of a generation. */
    public static java.util.List<String> all(int generation) {
        return java.util.List.of(customers(generation), accounts(generation), timeline(generation), timelineArchive(generation),
                aggregates(generation), accountAggregates(generation));
    }

    /** The generation a collection belongs to, or -1. */
    public static int generationOf(String collection) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("g(\\d+)_.*").matcher(collection);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
