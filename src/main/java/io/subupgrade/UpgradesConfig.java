package io.subupgrade;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The service's own settings (the configuration table in docs/operations.md). */
@ConfigMapping(prefix = "upgrades")
public interface UpgradesConfig {
    Sandbox sandbox();

    Finalizer finalizer();

    Notifications notifications();

    Webhooks webhooks();

    Invoicing invoicing();

    Portal portal();

    Metrics metrics();

    interface Metrics {
        /**
         * Interval at which the backlog gauges are read from the database (ops/BacklogGauges), or {@code off}; a
         * scrape reads the last values.
         */
        @WithDefault("15s")
        String backlogEvery();
    }

    interface Portal {
        /** The OpenID Connect provider the account portal signs in with; without it, only the sandbox sign-in. */
        Oidc oidc();

        interface Oidc {
            /** The provider's issuer URL (its discovery document is {@code <issuer>/.well-known/openid-configuration}). */
            Optional<String> issuer();

            /** The portal's public client at the provider (authorization code flow with PKCE, no secret). */
            Optional<String> clientId();
        }
    }

    interface Invoicing {
        /**
         * How long after its period ends an invoice stays DRAFT (late usage and clock skew between instances still
         * reach it); the finalization job, on the finalizer's schedule, finalizes it after that.
         */
        @WithDefault("PT5M")
        Duration grace();

        /**
         * Interval of the job that folds recorded usage into the DRAFT invoices (invoice/InvoiceFold), or {@code off}.
         * Reads and finalization fold first whatever it is: it only bounds the tail they fold and how far the invoice
         * rows lag behind the usage records.
         */
        @WithDefault("1s")
        String foldEvery();
    }

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
         * Percent of credit used at which {@code credit.threshold_reached} is emitted (docs/design.md §11); 100 is
         * {@code credit.exhausted}, so only values from 1 to 99 count.
         */
        @WithDefault("50,75,90")
        List<Integer> creditThresholds();

        /** Days before {@code trialEndsAt} at which {@code trial.ending_soon} is emitted. */
        @WithDefault("7,1")
        List<Integer> trialEndingDays();
    }

    interface Webhooks {
        /** Interval of the delivery scheduler, or {@code off}. */
        @WithDefault("1s")
        String every();

        /** An attempt must be answered with a 2xx within this time, connection included. */
        @WithDefault("10s")
        Duration timeout();

        /** Delays before the second, third, ... attempt; after the last one the delivery is FAILED. */
        @WithDefault("5s,5m,30m,2h,5h,10h,10h")
        List<Duration> retrySchedule();

        /** Allow {@code http://} endpoint URLs (dev and test only). */
        @WithDefault("false")
        boolean allowHttp();

        /** Allow endpoints on loopback, link-local and private addresses (dev and test only). */
        @WithDefault("false")
        boolean allowPrivateNetworks();

        /** Deliveries POSTed at once by one instance (and the HTTP connection pool's size). */
        @WithDefault("32")
        int concurrency();

        /**
         * Deliveries claimed per claim transaction. Larger batches spread the claim and record statements over more
         * deliveries (100: 0.33x of a raw client loop, 200: 0.59x, 400: 0.54x in bench/results of 2026-12-02) but
         * lengthen the lease, i.e. how long a crashed worker's deliveries wait before they are sent again.
         */
        @WithDefault("200")
        int batchSize();
    }
}
