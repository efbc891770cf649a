package org.touchpoint.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Small JSON-over-HTTP helpers for talking to the gateway, with problem+json aware error messages. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Response(int status, String body) {

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Http() {
    }

    /**
     * Sends the request, retrying while the gateway cannot reach its backend yet (connection refused,
     * 502, 503, 504) until {@code patience} has passed. Other statuses are returned as they are.
     */
    static Response send(HttpClient client, HttpRequest request, Duration patience) {
        return send(client, request, patience, true);
    }

    /** As {@link #send(HttpClient, HttpRequest, Duration)}; without {@code retryUnavailable} only connection failures are retried. */
    static Response send(HttpClient client, HttpRequest request, Duration patience, boolean retryUnavailable) {
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                boolean transientFailure = retryUnavailable && (status == 502 || status == 503 || status == 504);
                if (!transientFailure || Instant.now().isAfter(deadline)) {
                    return new Response(status, response.body());
                }
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new PlatformException(request.method() + " " + request.uri() + " failed: " + e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException("Interrupted: " + request.method() + " " + request.uri());
            }
            try {
                // Retry pause while a just-started gateway still answers 502-504 (bounded by the deadline above).
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException("Interrupted: " + request.method() + " " + request.uri());
            }
        }
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
    }

    static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    }

    /** "400 Bad Request: title — detail; field errors: [...]" from an RFC 9457 problem (or the raw body). */
    static String describeProblem(Response response) {
        StringBuilder text = new StringBuilder("HTTP ").append(response.status());
        try {
            JsonNode problem = response.json();
            if (problem != null && problem.isObject()) {
                List<String> parts = new ArrayList<>();
                for (String field : List.of("title", "detail")) {
                    JsonNode value = problem.get(field);
                    if (value != null && !value.isNull()) {
                        parts.add(value.asString());
                    }
                }
                if (!parts.isEmpty()) {
                    text.append(": ").append(String.join(" — ", parts));
                }
                problem.propertyNames().forEach(name -> {
                    if (!List.of("type", "title", "status", "detail", "instance").contains(name)) {
                        text.append("\n     ").append(name).append(": ").append(problem.get(name));
                    }
                });
                return text.toString();
            }
        } catch (RuntimeException ignored) {
            // not JSON: fall through to the raw body
        }
        String body = response.body() == null ? "" : response.body().strip();
        return text.append(body.isEmpty() ? "" : ": " + (body.length() > 500 ? body.substring(0, 500) + "…" : body)).toString();
    }
}
