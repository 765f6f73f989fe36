package io.subupgrade.testing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The finished spans, kept in memory for the tracing test: Quarkus sends spans to the SpanExporter beans (its
 * {@code quarkus.otel.traces.exporter=cdi} default). Unused while tracing is off, as it is outside that test's profile.
 */
public class InMemorySpans {
    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
