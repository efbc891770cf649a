package org.touchpoint.marketing.segment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.touchpoint.kit.web.CrmApiException;
import org.touchpoint.kit.web.CrmApiException.FieldError;
import org.touchpoint.kit.web.Problems;
import tools.jackson.databind.JsonNode;

/**
 * Turns a JSON rule tree into a {@link Rule}, or refuses it naming every offending JSON path
 * ({@code rule.all[1].op}). A node is exactly one of {@code {"all": [...]}}, {@code {"any": [...]}},
 * {@code {"not": {...}}} or a condition {@code {"field": ..., "op": ..., "value": ...}} (plus {@code days} for
 * {@code bought-within}, {@code currency} for {@code wonTotal}).
 */
public final class RuleParser {

    static final int MAX_DEPTH = 8;
    static final int MAX_NODES = 200;
    static final int MAX_DAYS = 3650;

    enum Type { STRING, LIST, BOOLEAN, PURCHASE, NUMBER, MONEY, OFFER }

    /** The fields a condition may test, and their type (which decides the operators). */
    static final Map<String, Type> FIELDS = Map.ofEntries(
            Map.entry("lifecycleStage", Type.STRING), Map.entry("accountId", Type.STRING),
            Map.entry("account.industry", Type.STRING), Map.entry("account.tier", Type.STRING),
            Map.entry("account.supportTier", Type.STRING), Map.entry("tags", Type.LIST),
            Map.entry("consent.email", Type.BOOLEAN), Map.entry("consent.sms", Type.BOOLEAN), Map.entry("consent.phone", Type.BOOLEAN),
            Map.entry("purchases.productCode", Type.PURCHASE), Map.entry("purchases.category", Type.PURCHASE),
            Map.entry("wonTotal", Type.MONEY), Map.entry("purchaseCount", Type.NUMBER), Map.entry("openCases", Type.NUMBER),
            Map.entry("openUrgentCases", Type.NUMBER), Map.entry("engagementScore", Type.NUMBER),
            Map.entry("daysSinceLastTouch", Type.NUMBER), Map.entry("recommended", Type.OFFER));

    static final Map<Type, Set<String>> OPS = Map.of(
            Type.STRING, Set.of("eq", "ne", "in", "exists"),
            Type.LIST, Set.of("contains", "in", "exists"),
            Type.BOOLEAN, Set.of("eq"),
            Type.PURCHASE, Set.of("contains", "bought-within", "not-bought-within"),
            Type.NUMBER, Set.of("eq", "gt", "gte", "lt", "lte"),
            Type.MONEY, Set.of("eq", "gt", "gte", "lt", "lte"),
            Type.OFFER, Set.of("contains"));

    private final List<FieldError> errors = new ArrayList<>();
    private int nodes;

    private RuleParser() {
    }

    /** @throws CrmApiException 400 listing every offending path under {@code root} */
    public static Rule parse(JsonNode node, String root) {
        RuleParser p = new RuleParser();
        Rule rule = p.node(node, root, 1);
        if (!p.errors.isEmpty()) {
            throw new CrmApiException(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request",
                    "the rule tree is malformed: " + p.errors.stream().map(e -> e.field() + " " + e.message()).toList(), p.errors);
        }
        return rule;
    }

    private Rule node(JsonNode n, String path, int depth) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return error(path, "is required");
        }
        if (!n.isObject()) {
            return error(path, "must be an object: all, any, not or a condition");
        }
        if (++nodes > MAX_NODES) {
            return error(path, "the rule has more than " + MAX_NODES + " nodes");
        }
        if (depth > MAX_DEPTH) {
            return error(path, "nests deeper than " + MAX_DEPTH + " levels");
        }
        Set<String> keys = Set.copyOf(n.propertyNames());
        if (keys.contains("all") || keys.contains("any")) {
            String kind = keys.contains("all") ? "all" : "any";
            if (keys.size() != 1) {
                return error(path, "a group has exactly one key (" + kind + ")");
            }
            JsonNode list = n.get(kind);
            if (!list.isArray() || list.isEmpty()) {
                return error(path + "." + kind, "must be a non-empty array");
            }
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                rules.add(node(list.get(i), path + "." + kind + "[" + i + "]", depth + 1));
            }
            return kind.equals("all") ? new Rule.All(rules) : new Rule.Any(rules);
        }
        if (keys.contains("not")) {
            if (keys.size() != 1) {
                return error(path, "a negation has exactly one key (not)");
            }
            return new Rule.Not(node(n.get("not"), path + ".not", depth + 1));
        }
        return condition(n, path, keys);
    }

    private Rule condition(JsonNode n, String path, Set<String> keys) {
        for (String key : keys) {
            if (!Set.of("field", "op", "value", "days", "currency").contains(key)) {
                error(path + "." + key, "is not part of a condition (field, op, value, days, currency)");
            }
        }
        JsonNode fieldNode = n.get("field");
        if (fieldNode == null || !fieldNode.isString()) {
            return error(path + ".field", "is required: one of " + FIELDS.keySet().stream().sorted().toList());
        }
        String field = fieldNode.asString();
        Type type = FIELDS.get(field);
        if (type == null) {
            return error(path + ".field", "unknown field " + field + "; known: " + FIELDS.keySet().stream().sorted().toList());
        }
        JsonNode opNode = n.get("op");
        String op = opNode != null && opNode.isString() ? opNode.asString() : null;
        if (op == null || !OPS.get(type).contains(op)) {
            return error(path + ".op", "must be one of " + OPS.get(type).stream().sorted().toList() + " for " + field);
        }
        JsonNode v = n.get("value");
        Object value = value(v, type, op, path + ".value");
        Integer days = null;
        if (op.endsWith("bought-within")) {
            JsonNode d = n.get("days");
            if (d == null || !d.isIntegralNumber() || d.longValue() < 1 || d.longValue() > MAX_DAYS) {
                error(path + ".days", "must be a whole number of days from 1 to " + MAX_DAYS);
            } else {
                days = (int) d.longValue();
            }
        } else if (n.has("days")) {
            error(path + ".days", "only applies to bought-within and not-bought-within");
        }
        String currency = null;
        if (type == Type.MONEY) {
            JsonNode c = n.get("currency");
            if (c == null || !c.isString() || !c.asString().matches("[A-Z]{3}")) {
                error(path + ".currency", "must be an ISO 4217 code such as EUR");
            } else {
                currency = c.asString();
            }
        } else if (n.has("currency")) {
            error(path + ".currency", "only applies to wonTotal");
        }
        return new Rule.Condition(field, op, value, days, currency);
    }

    private Object value(JsonNode v, Type type, String op, String path) {
        if (v == null || v.isNull()) {
            return error(path, "is required");
        }
        if (op.equals("exists")) {
            return v.isBoolean() ? v.booleanValue() : error(path, "must be true or false");
        }
        if (op.equals("in")) {
            if (!v.isArray() || v.isEmpty() || v.size() > 100) {
                return error(path, "must be an array of 1 to 100 strings");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isString()) {
                    return error(path + "[" + i + "]", "must be a string");
                }
                values.add(v.get(i).asString());
            }
            return List.copyOf(values);
        }
        return switch (type) {
            case BOOLEAN -> v.isBoolean() ? v.booleanValue() : error(path, "must be true or false");
            case NUMBER, MONEY -> {
                if (v.isNumber()) {
                    yield v.decimalValue();
                }
                if (v.isString()) {
                    try {
                        yield new BigDecimal(v.asString());
                    } catch (NumberFormatException e) {
                        // fall through to the error
                    }
                }
                yield error(path, "must be a number");
            }
            default -> v.isString() && !v.asString().isBlank() && v.asString().length() <= 200
                    ? v.asString() : error(path, "must be a non-blank string of at most 200 characters");
        };
    }

    private <T> T error(String path, String message) {
        errors.add(new FieldError(path, message));
        return null;
    }
}
