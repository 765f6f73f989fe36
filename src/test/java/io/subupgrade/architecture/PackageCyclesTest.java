package io.subupgrade.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * No package cycle between the service's top-level packages ({@code io.subupgrade.<package>}): two packages that
 * depend on each other are one unit that cannot be read, tested or moved alone. The packages are layered
 * (docs/architecture.md, layout): a package depends only on those below it, and where a lower one needs something of
 * a higher one it states it (an interface such as {@code subscription/SubscriptionCredit}, a CDI event such as
 * {@code job/RowSetAside}) and the higher one provides it.
 */
@AnalyzeClasses(packages = "io.subupgrade", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule topLevelPackagesAreFreeOfCycles =
            slices().matching("io.subupgrade.(*)..").should().beFreeOfCycles();
}
