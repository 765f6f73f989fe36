package io.subupgrade.invoice;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Finalizes due invoices on the finalizer's schedule ({@code upgrades.finalizer.every}) and folds recorded usage into
 * the DRAFT invoices on its own ({@code upgrades.invoicing.fold-every}); both safe on every instance.
 */
@ApplicationScoped
public class InvoiceScheduler {
    private static final Logger LOG = Logger.getLogger(InvoiceScheduler.class);

    @Inject
    InvoiceJobs jobs;

    @Scheduled(
            identity = "invoice-finalization",
            every = "${upgrades.finalizer.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            int finalized = jobs.finalizeDue().finalized();
            if (finalized > 0) {
                LOG.infof("Invoice finalization: %d finalized", finalized);
            }
        } catch (RuntimeException e) {
            // The failed batch rolled back whole, numbers included; the next run claims it again.
            LOG.warnf(e, "Invoice finalization failed; retrying at the next run");
        }
    }

    @Scheduled(
            identity = "invoice-fold",
            every = "${upgrades.invoicing.fold-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fold() {
        try {
            jobs.fold();
        } catch (RuntimeException e) {
            // The failed chunk rolled back and is tried again; reads and finalization fold first meanwhile.
            LOG.warnf(e, "Invoice fold failed; retrying at the next run");
        }
    }
}
