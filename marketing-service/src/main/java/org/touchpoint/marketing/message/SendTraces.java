package org.touchpoint.marketing.message;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Sends happen in the background send loop, outside the request that launched the campaign, where no trace is
 * current, so the outbox ({@code TraceparentSource}) would give {@code message.sent} no {@code traceparent}. Each send
 * runs instead in a span that continues the trace the message was launched in (its stored W3C {@code traceparent}):
 * the send and its touch belong to the launch's trace, and consumers continue it.
 */
@Component
class SendTraces {

    static final String SPAN = "marketing.message.send";

    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    SendTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Runs {@code send} in a child span of {@code traceparent}; as is when there is none, or no tracing. */
    <T> T within(String traceparent, Supplier<T> send) {
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        if (traceparent == null || t == null || p == null) {
            return send.get();
        }
        Span span = p.extract(Map.of("traceparent", traceparent), Map::get).name(SPAN).start();
        try (Tracer.SpanInScope scope = t.withSpan(span)) {
            return send.get();
        } catch (RuntimeException failure) {
            span.error(failure);
            throw failure;
        } finally {
            span.end();
        }
    }
}
