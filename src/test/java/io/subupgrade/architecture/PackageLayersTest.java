package io.subupgrade.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md's layout, as a check: a top-level package depends only on packages of the layers
 * below its own (not on one above, nor on another of its layer). A change that needs a package of a higher layer
 * either moves the type to the package that owns it or lets the lower package state what it needs (an interface, a
 * CDI event) for the higher one to provide; the table in the doc and this list change together.
 */
class PackageLayersTest {

    /** Lowest first; "" is io.subupgrade itself (UpgradesConfig). */
    private static final List<List<String>> LAYERS = List.of(
            List.of("", "problem"),
            List.of("shared"),
            List.of("time", "security", "devdatabase", "portal"),
            List.of("web"),
            List.of("event", "job"),
            List.of("ops"),
            List.of("offer"),
            List.of("subscription"),
            List.of("benefit"),
            List.of("upgrade"),
            List.of("invoice", "webhook"),
            List.of("usage"));

    @Test
    void aPackageDependsOnlyOnLowerLayers() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.subupgrade");
        for (int layer = 0; layer < LAYERS.size(); layer++) {
            for (String name : LAYERS.get(layer)) {
                List<String> forbidden = new ArrayList<>();
                for (int other = layer; other < LAYERS.size(); other++) {
                    LAYERS.get(other).stream()
                            .filter(p -> !p.equals(name))
                            .map(PackageLayersTest::identifier)
                            .forEach(forbidden::add);
                }
                noClasses()
                        .that()
                        .resideInAPackage(identifier(name))
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(forbidden.toArray(String[]::new))
                        .allowEmptyShould(true)
                        .check(classes);
            }
        }
    }

    private static String identifier(String name) {
        return name.isEmpty() ? "io.subupgrade" : "io.subupgrade." + name + "..";
    }
}
