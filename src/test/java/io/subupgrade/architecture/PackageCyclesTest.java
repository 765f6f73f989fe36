package io.subupgrade.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * No new package cycle. Feature packages ({@code io.subupgrade.<package>}) may depend on each other, but an edge that
 * closes a cycle (A depends on B while B already reaches A) makes the two one unit that cannot be read, tested or
 * moved alone. The edges that closed cycles when this test was written are listed below and tolerated; any other
 * fails the test, and an edge that no longer closes a cycle must leave the list (the test says which), so the list
 * only shrinks. Most run through {@code event/} (every feature appends events, and {@code EventData} names the
 * features' enums) and between {@code subscription/} and {@code benefit/}, whose services call each other;
 * docs/architecture.md says how they are to be cut.
 *
 * <p>Written on ArchUnit's class-file importer rather than its frozen {@code beFreeOfCycles} rule: that one compares
 * each cycle's full list of class-level dependencies, so any change inside a package of a tolerated cycle read as a
 * new violation.
 */
class PackageCyclesTest {

    /** "from -> to" between the service's top-level packages; {@code root} is io.subupgrade itself. */
    private static final Set<String> TOLERATED = Set.of("benefit -> subscription", "subscription -> benefit");

    @Test
    void noEdgeClosesANewPackageCycle() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.subupgrade");
        Map<String, Set<String>> edges = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = topLevel(c.getPackageName());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (target.equals("io.subupgrade") || target.startsWith("io.subupgrade.")) {
                    String to = topLevel(target);
                    if (!to.equals(from)) {
                        edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                    }
                }
            }
        }
        Set<String> cyclic = new TreeSet<>();
        edges.forEach((from, tos) -> tos.forEach(to -> {
            if (reaches(edges, to, from)) {
                cyclic.add(from + " -> " + to);
            }
        }));
        Set<String> added = new TreeSet<>(cyclic);
        added.removeAll(TOLERATED);
        Set<String> gone = new TreeSet<>(TOLERATED);
        gone.removeAll(cyclic);
        assertEquals(Set.of(), added, "edges that close a package cycle and are not tolerated");
        assertEquals(Set.of(), gone, "tolerated edges that no longer close a cycle: take them out of TOLERATED");
    }

    private static String topLevel(String packageName) {
        if (packageName.equals("io.subupgrade")) {
            return "root";
        }
        String rest = packageName.substring("io.subupgrade.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static boolean reaches(Map<String, Set<String>> edges, String from, String to) {
        Deque<String> todo = new ArrayDeque<>(Set.of(from));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String at = todo.pop();
            if (at.equals(to)) {
                return true;
            }
            if (seen.add(at)) {
                todo.addAll(edges.getOrDefault(at, Set.of()));
            }
        }
        return false;
    }
}
