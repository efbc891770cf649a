package org.touchpoint.deploycheck;

import java.util.List;
import java.util.Map;

/** One Kubernetes object as parsed YAML, with null-safe navigation. */
record K8sObject(Map<String, Object> raw) {

    String kind() {
        return string("kind");
    }

    String apiVersion() {
        return string("apiVersion");
    }

    String name() {
        return string("metadata", "name");
    }

    String namespace() {
        String namespace = string("metadata", "namespace");
        return namespace == null ? "" : namespace;
    }

    String id() {
        return kind() + "/" + name();
    }

    boolean is(String kind) {
        return kind.equals(kind());
    }

    Map<String, Object> labels() {
        return map("metadata", "labels");
    }

    Object at(Object... path) {
        return in(raw, path);
    }

    String string(Object... path) {
        Object value = at(path);
        return value == null ? null : value.toString();
    }

    Map<String, Object> map(Object... path) {
        return asMap(at(path));
    }

    List<Object> list(Object... path) {
        return asList(at(path));
    }

    /** Walks maps by String keys and lists by Integer indexes; null as soon as a step is missing. */
    static Object in(Object root, Object... path) {
        Object current = root;
        for (Object step : path) {
            if (step instanceof Integer index && current instanceof List<?> list) {
                current = index < list.size() ? list.get(index) : null;
            } else if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }
}
