package io.subupgrade.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.subupgrade.web.Routes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps Quarkus's HTTP server metrics ({@code http_server_requests_seconds}) to a bounded set of series. Quarkus tags a
 * request with its route template only when Quarkus REST matched it; otherwise it is the raw path (an unauthenticated
 * {@code DELETE /v1/subscriptions/<uuid>}, a 405, did add a series per id), so a caller sending junk with random ids
 * would add series until the 100-URI cap, and then crowd out the real routes. Here a {@code uri} is the template of the operation that serves the request (as
 * {@link Routes} reads them from the resources), {@code /portal/*} for the account portal's static files, and
 * {@value #UNMATCHED} for every other request; an unusual method becomes {@code OTHER}. Micrometer maps an id before
 * any filter accepts it, so the URI cap counts these values, not the raw paths.
 */
@Singleton
public class HttpServerMetrics {
    static final String UNMATCHED = "UNMATCHED";

    private static final String PORTAL = "/portal";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    // Buckets for the p50/p99 panels: 12 per series, from a cached read to the 10 s a client would give up at.
    private static final double[] BUCKETS_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    @Produces
    @Singleton
    MeterFilter routeTemplatesOnly(Routes routes) {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getTag("uri");
                if (!id.getName().startsWith("http.server.") || uri == null) {
                    return id;
                }
                String method = id.getTag("method");
                List<Tag> tags = new ArrayList<>();
                for (Tag tag : id.getTags()) {
                    switch (tag.getKey()) {
                        case "uri" -> tags.add(Tag.of("uri", boundedUri(routes, method, uri)));
                        case "method" -> tags.add(Tag.of("method", METHODS.contains(method) ? method : "OTHER"));
                        default -> tags.add(tag);
                    }
                }
                return id.replaceTags(tags);
            }

            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                // A timer's distribution is configured in nanoseconds.
                double[] nanos = new double[BUCKETS_SECONDS.length];
                for (int i = 0; i < nanos.length; i++) {
                    nanos[i] = BUCKETS_SECONDS[i] * 1e9;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(nanos)
                        .build()
                        .merge(config);
            }
        };
    }

    private static String boundedUri(Routes routes, String method, String uri) {
        if (uri.equals(PORTAL) || uri.startsWith(PORTAL + "/")) {
            return PORTAL + "/*";
        }
        // Quarkus's own template (a value with {name} in it) matches its pattern too, so either form comes out as the
        // template Routes has.
        return routes.templateServing(method, uri).orElse(UNMATCHED);
    }
}
