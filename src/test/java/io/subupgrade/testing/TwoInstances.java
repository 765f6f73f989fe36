package io.subupgrade.testing;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A job run by two threads released at the same instant, as two service instances would run it. */
public final class TwoInstances {
    private TwoInstances() {}

    /** Runs {@code job} on both threads at once; returns the sum of what they returned. */
    public static int run(Callable<Integer> job) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Callable<Integer> instance = () -> {
            start.await();
            return job.call();
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = List.of(pool.submit(instance), pool.submit(instance));
            start.countDown();
            int total = 0;
            for (Future<Integer> run : runs) {
                total += run.get();
            }
            return total;
        } finally {
            pool.shutdown();
        }
    }
}
