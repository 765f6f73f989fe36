package io.subupgrade.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.Entity;
import jakarta.transaction.Transactional;

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
}
