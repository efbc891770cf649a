package org.touchpoint.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL the operators' tools run (the Grafana dashboard's panels and variables, the PrometheusRule's alerts)
 * and the metric names those queries read. A name is a series name exactly as Prometheus stores it
 * ({@code http_server_requests_seconds_bucket}, {@code crm_outbox_pending}), so it can be compared with the sample
 * names a {@code /actuator/prometheus} scrape exposes: no suffix is stripped or guessed.
 */
final class MetricsQueries {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** PromQL keywords and aggregation modifiers that look like identifiers. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern MODIFIER_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("\\blabel_values\\s*\\(");
    private static final Pattern TOKEN = Pattern.compile("[0-9][0-9A-Za-z_.]*|[A-Za-z_:][A-Za-z0-9_:]*|\\$\\{[^}]*}|\\$[A-Za-z0-9_]+");

    private MetricsQueries() {
    }

    /** Every metric name one PromQL expression (or a Grafana {@code label_values(...)} query) reads. */
    static Set<String> metricNames(String expression) {
        String e = STRING.matcher(expression).replaceAll(" ");
        e = withoutLabelValuesLabel(e);
        e = stripBracketed(e, '{', '}');   // label matchers
        e = stripBracketed(e, '[', ']');   // ranges, subqueries, [$__rate_interval]
        e = MODIFIER_LIST.matcher(e).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(e);
        while (m.find()) {
            String token = m.group();
            if (Character.isDigit(token.charAt(0)) || token.startsWith("$") || KEYWORDS.contains(token.toLowerCase())) {
                continue;
            }
            if (isFollowedByParenthesis(e, m.end())) {
                continue; // a function or an aggregation: rate(, sum(, histogram_quantile(
            }
            names.add(token);
        }
        return names;
    }

    /** The label names each selector matches on, by metric: {@code foo{a="x", b=~"y"}} gives foo → [a, b]. */
    static Map<String, Set<String>> selectorLabels(String expression) {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        Matcher m = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\s*\\{").matcher(expression);
        int from = 0;
        while (m.find(from)) {
            int close = closingBrace(expression, m.end() - 1);
            Set<String> names = labels.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>());
            for (String matcher : splitOutsideQuotes(expression.substring(m.end(), close))) {
                Matcher name = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)").matcher(matcher);
                if (!matcher.isBlank()) {
                    if (!name.find()) {
                        throw new IllegalArgumentException("Not a label matcher: " + matcher + " in " + expression);
                    }
                    names.add(name.group(1));
                }
            }
            from = close + 1;
        }
        return labels;
    }

    /** The labels of every {@code by (...)}, {@code without (...)}, {@code on (...)} and {@code ignoring (...)}. */
    static Set<String> groupingLabels(String expression) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher m = MODIFIER_LIST.matcher(STRING.matcher(expression).replaceAll(" "));
        while (m.find()) {
            String list = m.group().substring(m.group().indexOf('(') + 1, m.group().length() - 1);
            for (String label : list.split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        return labels;
    }

    private static int closingBrace(String s, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '}') {
                return i;
            }
        }
        throw new IllegalArgumentException("Unbalanced { in: " + s);
    }

    private static List<String> splitOutsideQuotes(String s) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\' && i + 1 < s.length()) {
                part.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /** {@code label_values(metric{...}, label)}: the last argument is a label name, not a metric. */
    private static String withoutLabelValuesLabel(String e) {
        Matcher m = LABEL_VALUES.matcher(e);
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (m.find(from)) {
            int open = m.end() - 1;
            int close = matching(e, open, '(', ')');
            String inside = e.substring(open + 1, close);
            int comma = lastTopLevelComma(inside);
            out.append(e, from, m.start()).append(" label_values( ").append(comma < 0 ? inside : inside.substring(0, comma)).append(" ) ");
            from = close + 1;
        }
        return out.append(e.substring(from)).toString();
    }

    private static int lastTopLevelComma(String s) {
        int depth = 0;
        int last = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                last = i;
            }
        }
        return last;
    }

    private static int matching(String s, int open, char opening, char closing) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == opening) {
                depth++;
            } else if (s.charAt(i) == closing && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unbalanced " + opening + " in: " + s);
    }

    private static String stripBracketed(String e, char opening, char closing) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : e.toCharArray()) {
            if (c == opening) {
                depth++;
                out.append(' ');
            } else if (c == closing) {
                if (--depth < 0) {
                    throw new IllegalArgumentException("Unbalanced " + closing + " in: " + e);
                }
                out.append(' ');
            } else if (depth == 0) {
                out.append(c);
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("Unbalanced " + opening + " in: " + e);
        }
        return out.toString();
    }

    private static boolean isFollowedByParenthesis(String e, int end) {
        int i = end;
        while (i < e.length() && Character.isWhitespace(e.charAt(i))) {
            i++;
        }
        return i < e.length() && e.charAt(i) == '(';
    }

    /** The dashboard's queries: every panel target's {@code expr} (rows' nested panels too) and every query variable. */
    static Map<String, String> dashboardQueries(Path dashboard) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(dashboard));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> queries = new LinkedHashMap<>();
        collectPanels(root.path("panels"), queries);
        for (JsonNode variable : root.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asString())) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asString() : query.asString();
                queries.put("variable " + variable.path("name").asString(), text);
            }
        }
        return queries;
    }

    private static void collectPanels(JsonNode panels, Map<String, String> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString("");
                if (!expr.isBlank()) {
                    queries.put("panel \"" + panel.path("title").asString() + "\" " + target.path("refId").asString(), expr);
                }
            }
            collectPanels(panel.path("panels"), queries);
        }
    }

    /**
     * The alerts' expressions of a PrometheusRule manifest, by alert name. Read line by line (the test class path
     * has no YAML parser): {@code - alert: Name} then {@code expr:} either on one line or as a block scalar
     * ({@code expr: |}) whose lines are indented deeper than the key.
     */
    static Map<String, String> ruleExpressions(Path rules) {
        List<String> lines;
        try {
            lines = Files.readAllLines(rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> expressions = new LinkedHashMap<>();
        String alert = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("- alert:") || trimmed.startsWith("- record:")) {
                alert = trimmed.substring(trimmed.indexOf(':') + 1).strip();
                continue;
            }
            if (!trimmed.startsWith("expr:")) {
                continue;
            }
            if (alert == null) {
                throw new IllegalStateException(rules + " line " + (i + 1) + ": expr outside of a rule");
            }
            String value = trimmed.substring("expr:".length()).strip();
            if (value.startsWith("|") || value.startsWith(">")) {
                int indent = line.indexOf("expr:");
                List<String> block = new ArrayList<>();
                while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || indent(lines.get(i + 1)) > indent)) {
                    block.add(lines.get(++i).strip());
                }
                value = String.join(" ", block).strip();
            }
            if (value.isEmpty() || expressions.put(alert, value) != null) {
                throw new IllegalStateException(rules + ": rule " + alert + " has no expr, or two");
            }
            alert = null;
        }
        return expressions;
    }

    /** How many rules the file declares ({@code - alert:} and {@code - record:} entries). */
    static long ruleCount(Path rules) {
        try {
            return Files.readAllLines(rules).stream().map(String::strip)
                    .filter(l -> l.startsWith("- alert:") || l.startsWith("- record:")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** The sample names of a Prometheus text exposition (what a query can select), without comments. */
    static Set<String> sampleNames(String exposition) {
        return sampleLabels(exposition).keySet();
    }

    /** Every sample name of a Prometheus text exposition with the label names its samples carry. */
    static Map<String, Set<String>> sampleLabels(String exposition) {
        Map<String, Set<String>> samples = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            Set<String> labels = samples.computeIfAbsent(line.substring(0, end), n -> new LinkedHashSet<>());
            if (end < line.length() && line.charAt(end) == '{') {
                for (String pair : splitOutsideQuotes(line.substring(end + 1, closingBrace(line, end)))) {
                    int equals = pair.indexOf('=');
                    if (equals > 0) {
                        labels.add(pair.substring(0, equals).strip());
                    }
                }
            }
        }
        return samples;
    }
}
