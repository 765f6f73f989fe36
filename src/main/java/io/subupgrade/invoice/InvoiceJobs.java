package io.subupgrade.invoice;

import io.subupgrade.UpgradesConfig;
import io.subupgrade.job.JobBatches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs invoice finalization to the end, one transaction per batch (a crash loses the batch in flight only); an invoice
 * that cannot be finalized is set aside and the others go on.
 */
@ApplicationScoped
public class InvoiceJobs {
    @Inject
    InvoiceFinalizer finalizer;

    @Inject
    JobBatches batches;

    @Inject
    InvoiceFold fold;

    @Inject
    UpgradesConfig config;

    /** Finalizes every due invoice; returns how many this caller finalized. */
    public InvoiceJobResult finalizeDue() {
        int batchSize = config.finalizer().batchSize();
        int total = 0;
        JobBatches.Ran<Integer> batch;
        do {
            batch = batches.run(finalizer, batchSize);
            total += batch.result();
        } while (batch.claimed() == batchSize);
        return new InvoiceJobResult(total);
    }

    /** Folds the usage this instance recorded since the last run into the DRAFT invoices (invoice/InvoiceFold). */
    public int fold() {
        return fold.pending();
    }
}
