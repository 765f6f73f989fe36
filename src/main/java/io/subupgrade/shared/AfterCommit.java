package io.subupgrade.shared;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Side effects that must only happen once the data they speak of is committed (a metric counted, a line logged),
 * never when the transaction rolls back.
 */
public final class AfterCommit {
    private AfterCommit() {}

    /**
     * Runs {@code then} when the current transaction has committed, not at all when it rolls back. Callers run in a
     * transaction; without one the registry throws, which is a bug of the caller.
     */
    public static void run(TransactionSynchronizationRegistry transactions, Runnable then) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    then.run();
                }
            }
        });
    }
}
