package io.subupgrade.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The service trusts the real Keycloak's realm exactly as an operator would configure it ({@link
 * Keycloak#serviceSettings}), with two intervals shortened so the tests need not wait for the production ones: the
 * key set is fetched again every minute (not every ten) and on every unknown {@code kid} (not at most once a minute),
 * and the allowed clock skew is one second (not a minute), for the expired-token test.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> settings = Keycloak.start().serviceSettings();
        settings.put("smallrye.jwt.jwks.refresh-interval", "1");
        settings.put("smallrye.jwt.jwks.forced-refresh-interval", "0");
        settings.put("mp.jwt.verify.clock.skew", "1");
        return settings;
    }

    @Override
    public void stop() {
        // Keycloak outlives one test profile: it stops when the test JVM exits (Keycloak#start).
    }
}
