package io.subupgrade.invoice;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.subupgrade.UpgradesConfig;
import io.subupgrade.time.ServiceClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Runs invoice finalization to the end, one transaction per batch (a crash loses the batch in flight only). */
@ApplicationScoped
public class InvoiceJobs {
    @Inject
    InvoiceFinalizer finalizer;

    @Inject
    ServiceClock clock;

    @Inject
    UpgradesConfig config;

    /** Finalizes every due invoice; returns how many this caller finalized. */
    public InvoiceJobResult finalizeDue() {
        int batchSize = config.finalizer().batchSize();
        int total = 0;
        int finalized;
        do {
            finalized = QuarkusTransaction.requiringNew()
                    .call(() -> finalizer.finalizeBatch(
                            clock.now(), config.invoicing().grace(), batchSize));
            total += finalized;
        } while (finalized == batchSize);
        return new InvoiceJobResult(total);
    }
}
