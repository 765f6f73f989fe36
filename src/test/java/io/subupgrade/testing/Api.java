package io.subupgrade.testing;

import static io.restassured.RestAssured.given;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;

/**
 * REST Assured entry points. Every call goes through a filter that validates the response (and,
 * for well-formed calls, the request) against openapi.yaml, so code and contract cannot drift.
 */
public final class Api {
    public static final String ISSUER = "https://dev.subupgrade.local";

    private static final String SPEC = readSpec();
    private static final OpenApiValidationFilter CONTRACT = filter(false);
    /** For requests that are wrong on purpose: the response must still follow the contract. */
    private static final OpenApiValidationFilter RESPONSE_CONTRACT = filter(true);

    private Api() {}

    /** A new account id, so each test owns its data. */
    public static String newAccount() {
        return "acct-" + UUID.randomUUID();
    }

    public static RequestSpecification as(String account, String... roles) {
        return bearer(token(account, roles));
    }

    /** With a token from elsewhere (a real identity provider), the request held to the contract. */
    public static RequestSpecification bearer(String token) {
        return given().filter(CONTRACT)
                .contentType(ContentType.JSON)
                .accept(ContentType.JSON)
                .auth()
                .oauth2(token);
    }

    /** No token, with the request held to the contract too: for the public endpoints (the sandbox sign-in). */
    public static RequestSpecification anonymous() {
        return given().filter(CONTRACT).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static RequestSpecification customer(String account) {
        return as(account, "customer");
    }

    public static RequestSpecification operator() {
        return as("ops-" + UUID.randomUUID(), "operator");
    }

    public static RequestSpecification meter() {
        return as("meter-pipeline", "meter");
    }

    /** Deliberately invalid requests (bad body, no token...): only the response is held to the contract. */
    public static RequestSpecification raw() {
        return given().filter(RESPONSE_CONTRACT);
    }

    public static String token(String account, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(account)
                .upn(account)
                .groups(Set.of(roles))
                .sign();
    }

    private static OpenApiValidationFilter filter(boolean responseOnly) {
        LevelResolver.Builder levels = LevelResolver.create();
        if (responseOnly) {
            levels.withLevel("validation.request", ValidationReport.Level.IGNORE);
        }
        // Security is exercised by the tests themselves (missing and bad tokens on purpose).
        levels.withLevel("validation.request.security", ValidationReport.Level.IGNORE);
        return new OpenApiValidationFilter(OpenApiInteractionValidator.createForInlineApiSpecification(SPEC)
                .withLevelResolver(levels.build())
                .build());
    }

    private static String readSpec() {
        try {
            return Files.readString(Path.of("openapi.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
