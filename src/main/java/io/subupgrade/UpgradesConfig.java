package io.subupgrade;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The service's own settings (the configuration table in README.md). */
@ConfigMapping(prefix = "upgrades")
public interface UpgradesConfig {
    Sandbox sandbox();

    Finalizer finalizer();

    interface Sandbox {
        /** Sandbox clock endpoints; off in prod. */
        @WithDefault("false")
        boolean enabled();

        /**
         * PEM private key that signs the sandbox's dev sign-in tokens; without it there is no dev
         * sign-in. Set in dev and test only: whoever holds it can mint any account's token.
         */
        Optional<String> tokenSigningKey();
    }

    interface Finalizer {
        /** Interval of the finalizer and expiry jobs, or {@code off}. */
        @WithDefault("10s")
        String every();

        /** Requests claimed per transaction. */
        @WithDefault("500")
        int batchSize();
    }
}
