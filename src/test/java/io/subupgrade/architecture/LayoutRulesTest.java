package io.subupgrade.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.subupgrade.shared.Jdbc;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.DriverManager;
import javax.sql.DataSource;
import org.hibernate.SharedSessionContract;
import org.hibernate.query.QueryProducer;

/**
 * The layout a reviewer would otherwise repeat (docs/architecture.md, "Where code goes"), checked on the main classes
 * in the fast tier. Package cycles are {@link PackageCyclesTest}'s.
 */
@AnalyzeClasses(packages = "io.subupgrade", importOptions = ImportOption.DoNotIncludeTests.class)
class LayoutRulesTest {

    /** Pure rules are plain functions of their inputs: no HTTP, no web/ plumbing. */
    @ArchTest
    static final ArchRule rulesDoNotKnowHttp = noClasses()
            .that()
            .haveSimpleNameEndingWith("Rules")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.subupgrade.web..", "jakarta.ws.rs..", "io.vertx..");

    /** Resources are thin: validate, call one service method, build the response (STYLE: "Resources are thin"). */
    @ArchTest
    static final ArchRule resourcesHoldNoSql = noClasses()
            .that()
            .haveSimpleNameEndingWith("Resource")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..", "jakarta.persistence..");

    @ArchTest
    static final ArchRule resourcesHoldNoTransactions = noClasses()
            .that()
            .haveSimpleNameEndingWith("Resource")
            .should()
            .beAnnotatedWith(Transactional.class)
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName(Transactional.class.getName());

    /** The contract's records are the wire format; an entity never leaves through a resource method. */
    @ArchTest
    static final ArchRule entitiesAreNotWireTypes = methods()
            .that()
            .areDeclaredInClassesThat()
            .haveSimpleNameEndingWith("Resource")
            .should()
            .notHaveRawReturnType(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "an entity", c -> c.isAnnotatedWith(Entity.class)));

    // Data access (docs/architecture.md, "Data access"): two routes, Panache entities and the one JDBC helper.

    /**
     * Only {@link Jdbc} takes a JDBC connection: from the pool ({@code onOwnConnection}) or the Hibernate session's
     * ({@code onSessionConnection}, which flushes first). A store that took one itself would skip the flush, or
     * share (or not share) the caller's transaction by accident. {@code devdatabase} is the exception: it creates the
     * dev database before the service, and its pool, start.
     */
    @ArchTest
    static final ArchRule onlyTheJdbcHelperTakesConnections = noClasses()
            .that()
            .doNotHaveFullyQualifiedName(Jdbc.class.getName())
            .and()
            .resideOutsideOfPackage("io.subupgrade.devdatabase..")
            .should()
            .callMethodWhere(DescribedPredicate.describe(
                    "a DataSource's or DriverManager's getConnection, or a Hibernate session's doWork/doReturningWork",
                    LayoutRulesTest::takesAConnection))
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage("io.agroal..", "javax.sql..");

    /**
     * Entities are read and written through Panache (its finders and query strings, the keyset lists through
     * {@code web/KeysetFilter}); any other SQL goes through {@link Jdbc}. So no JPQL or native query is built on the
     * EntityManager or the session: {@code createQuery}, {@code createNativeQuery}, {@code createSelectionQuery}...
     */
    @ArchTest
    static final ArchRule noQueriesOnTheEntityManager = noClasses()
            .should()
            .callMethodWhere(DescribedPredicate.describe(
                    "a create...Query method of the EntityManager or the Hibernate session",
                    LayoutRulesTest::buildsAQuery));

    /**
     * SQL lives in the stores (and {@code shared/Jdbc}): resources, services, entities and pure rules hold none. A
     * service asks a store (e.g. {@code CreditTotals.sums}), it does not prepare statements itself.
     */
    @ArchTest
    static final ArchRule sqlOnlyInStores = noClasses()
            .that()
            .haveSimpleNameEndingWith("Service")
            .or()
            .haveSimpleNameEndingWith("Resource")
            .or()
            .haveSimpleNameEndingWith("Rules")
            .or()
            .areAnnotatedWith(Entity.class)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "javax.sql..", "io.agroal..");

    private static boolean takesAConnection(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        return switch (call.getName()) {
            case "getConnection" -> owner.isAssignableTo(DataSource.class) || owner.isEquivalentTo(DriverManager.class);
            case "doWork", "doReturningWork" -> owner.isAssignableTo(SharedSessionContract.class);
            default -> false;
        };
    }

    private static boolean buildsAQuery(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        return call.getName().matches("create\\w*Query")
                && (owner.isAssignableTo(EntityManager.class) || owner.isAssignableTo(QueryProducer.class));
    }
}
