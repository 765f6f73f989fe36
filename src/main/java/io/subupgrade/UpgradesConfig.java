package io.subupgrade;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The service's own settings (the configuration table in README.md). */
@ConfigMapping(prefix = "upgrades")
public interface UpgradesConfig {
    Sandbox sandbox();

    Finalizer finalizer();

    Notifications notifications();

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

    interface Notifications {
        /**
         * Percent of credit used at which {@code credit.threshold_reached} is emitted (DESIGN.md section 8); 100 is
         * {@code credit.exhausted}, so only values from 1 to 99 count.
         */
        @WithDefault("50,75,90")
        List<Integer> creditThresholds();

        /** Days before {@code trialEndsAt} at which {@code trial.ending_soon} is emitted. */
        @WithDefault("7,1")
        List<Integer> trialEndingDays();
    }
}
