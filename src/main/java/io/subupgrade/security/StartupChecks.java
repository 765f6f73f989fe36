package io.subupgrade.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to start without the settings that have no safe default outside dev and test: a
 * service that accepted any token, or none, must not come up silently.
 */
public class StartupChecks {

    void check(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        List<String> missing = new ArrayList<>();
        if (value(config, "mp.jwt.verify.publickey.location").isEmpty()
                && value(config, "mp.jwt.verify.publickey").isEmpty()) {
            missing.add(
                    "mp.jwt.verify.publickey.location (MP_JWT_VERIFY_PUBLICKEY_LOCATION): the PEM or JWKS of the token signer");
        }
        if (value(config, "mp.jwt.verify.issuer").isEmpty()) {
            missing.add("mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER): the expected 'iss' of tokens");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Refusing to start: set " + String.join("; ", missing));
        }
    }

    private static Optional<String> value(Config config, String name) {
        return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank());
    }
}
