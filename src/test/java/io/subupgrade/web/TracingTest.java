package io.subupgrade.web;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.PAYG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With tracing on, one request is one trace: the server span with the request id, and the JDBC statements in it. */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
class TracingTest {
    /** What an operator sets (QUARKUS_OTEL_SDK_DISABLED=false, ...), with spans exported as each one ends. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.otel.sdk.disabled", "false",
                    "quarkus.datasource.jdbc.telemetry.enabled", "true",
                    "quarkus.otel.simple", "true");
        }
    }

    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey(RequestIds.SPAN_ATTRIBUTE);

    @Inject
    InMemorySpanExporter spans;

    @Test
    void oneRequestIsOneTraceWithTheRequestIdAndItsStatements() throws InterruptedException {
        String id = "trace-" + UUID.randomUUID();
        customer(newAccount())
                .header(RequestIds.HEADER, id)
                .body(Map.of("offerId", PAYG, "displayName", "Traced"))
                .post("/v1/subscriptions")
                .then()
                .statusCode(201);

        SpanData server = serverSpanOf(id);
        assertEquals("POST /v1/subscriptions", server.getName());
        List<SpanData> trace = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(server.getTraceId()))
                .toList();
        List<SpanData> statements = trace.stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT
                        && s.getInstrumentationScopeInfo().getName().contains("jdbc"))
                .toList();
        assertFalse(statements.isEmpty(), "no JDBC span in " + names(trace));
        assertTrue(statements.stream().allMatch(s -> s.getTraceId().equals(server.getTraceId())), names(statements));
    }

    /** The server span carrying the request id; it ends just after the response is written, so it is waited for. */
    private SpanData serverSpanOf(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<SpanData> server = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getKind() == SpanKind.SERVER
                            && id.equals(s.getAttributes().get(REQUEST_ID)))
                    .findFirst();
            if (server.isPresent()) {
                return server.get();
            }
            Thread.sleep(20);
        }
        return fail("no server span with " + RequestIds.SPAN_ATTRIBUTE + "=" + id + " in "
                + names(spans.getFinishedSpanItems()));
    }

    private static String names(List<SpanData> spans) {
        return spans.stream()
                .map(s -> s.getKind() + " " + s.getName() + " " + s.getAttributes())
                .toList()
                .toString();
    }
}
