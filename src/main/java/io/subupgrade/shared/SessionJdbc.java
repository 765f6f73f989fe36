package io.subupgrade.shared;

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

    public static <T> T run(EntityManager em, ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }
}
