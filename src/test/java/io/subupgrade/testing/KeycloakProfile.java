package io.subupgrade.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The service signing nobody in itself: every token comes from the real Keycloak ({@link KeycloakTestResource}). */
public class KeycloakProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakTestResource.class));
    }
}
