package io.subupgrade;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The packaged application's entry point ({@code java -jar target/quarkus-app/quarkus-run.jar}, the container image).
 *
 * <p>It turns off Quarkus's own check of the request URL before Quarkus starts, so that a URL with a broken
 * percent-escape ({@code ?cursor=%ZZ}) reaches {@code web/UrlCheck} and is answered with a problem+json 400 instead of
 * Quarkus's empty 400. Quarkus reads {@code vertx.disableURIValidation} as a system property when it builds its root
 * request handler, before any configuration or bean of the application is consulted, so no setting in
 * application.properties can do it; a main method that runs first can. An explicit
 * {@code -Dvertx.disableURIValidation=false} on the command line is kept (Quarkus's bare 400 again).
 *
 * <p>Dev mode and {@code @QuarkusTest} start Quarkus without this method: the Maven build passes the property there
 * (the quarkus-maven-plugin's {@code jvmArgs}, surefire's {@code systemPropertyVariables}).
 */
@QuarkusMain
public final class Main {
    static final String DISABLE_URI_VALIDATION = "vertx.disableURIValidation";

    private Main() {}

    public static void main(String... args) {
        if (System.getProperty(DISABLE_URI_VALIDATION) == null) {
            System.setProperty(DISABLE_URI_VALIDATION, "true");
        }
        Quarkus.run(args);
    }
}
