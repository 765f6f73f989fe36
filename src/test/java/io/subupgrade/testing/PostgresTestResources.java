package io.subupgrade.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers {@link PostgresTestResource} for every {@code @QuarkusTest} in the module: Quarkus discovers all
 * {@code @QuarkusTestResource} annotations in the test classes, and {@code restrictToAnnotatedClass = false} makes
 * this one global (one database per test run, no restarts). {@code @QuarkusTestResource} is the annotation Quarkus
 * 3.33 recommends; its javadoc for {@code @WithTestResource} advises against that one for now.
 */
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
public final class PostgresTestResources {
    private PostgresTestResources() {}
}
