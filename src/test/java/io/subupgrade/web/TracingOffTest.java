package io.subupgrade.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tracing is off unless QUARKUS_OTEL_SDK_DISABLED=false: nothing of it runs beside the requests. */
@QuarkusTest
class TracingOffTest {

    @Test
    void noSpanProcessorThreadRunsByDefault() {
        List<String> tracingThreads = Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("BatchSpanProcessor"))
                .toList();
        assertEquals(List.of(), tracingThreads);
    }
}
