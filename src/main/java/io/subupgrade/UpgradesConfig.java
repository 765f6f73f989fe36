package io.subupgrade;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service's own settings (DESIGN.md section 6). */
@ConfigMapping(prefix = "upgrades")
public interface UpgradesConfig {
    Sandbox sandbox();

    Finalizer finalizer();

    interface Sandbox {
        /** Sandbox clock endpoints; off in prod. */
        @WithDefault("false")
        boolean enabled();
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
