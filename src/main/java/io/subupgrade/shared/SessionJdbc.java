package io.subupgrade.shared;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

/**
 * Plain JDBC on the connection of the current Hibernate session, so inside the caller's
 * transaction. For the hot paths that move whole batches of ids as arrays (usage ingestion, the
 * finalizer), where Hibernate's query layer cost more than the SQL itself.
 */
public final class SessionJdbc {
    private SessionJdbc() {}

    /**
     * Runs {@code work} on the session's connection, after flushing the session: the SQL then sees every entity
     * change made before it in the transaction, so no caller has to remember a flush. Outside a transaction (a
     * read such as the feed or a list's credit totals) the request's session holds no changes and is not flushed.
     */
    public static <T> T run(EntityManager em, ReturningWork<T> work) {
        if (QuarkusTransaction.isActive()) {
            em.flush();
        }
        return em.unwrap(Session.class).doReturningWork(work);
    }
}
