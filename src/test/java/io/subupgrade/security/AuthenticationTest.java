package io.subupgrade.security;

import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthenticationTest {

    @Test
    void missingTokenIsA401Problem() {
        raw().get("/v1/offers")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void garbageTokenIsA401() {
        raw().auth()
                .oauth2("not.a.jwt")
                .get("/v1/offers")
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthenticated"));
    }

    @Test
    void expiredTokenIsA401() {
        String expired = Jwt.issuer(io.subupgrade.testing.Api.ISSUER)
                .subject("alice")
                .groups(Set.of("customer"))
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600))
                .sign();
        raw().auth().oauth2(expired).get("/v1/offers").then().statusCode(401);
    }

    @Test
    void wrongIssuerIsA401() {
        String foreign = Jwt.issuer("https://evil.example")
                .subject("alice")
                .groups(Set.of("customer"))
                .sign();
        raw().auth().oauth2(foreign).get("/v1/offers").then().statusCode(401);
    }

    @Test
    void unknownRoleIsA403() {
        raw().auth()
                .oauth2(token("alice", "guest"))
                .get("/v1/offers")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void wrongRoleIsA403BeforeTheBodyIsRead() {
        raw().auth()
                .oauth2(token("alice", "customer"))
                .contentType("application/json")
                .body("{ this is not json")
                .put("/v1/offers/MS-AZR-0044P")
                .then()
                .statusCode(403)
                .body("code", equalTo("forbidden"));
    }

    @Test
    void theAccountIsTheSubjectNotTheUpn() {
        String token = Jwt.issuer(io.subupgrade.testing.Api.ISSUER)
                .subject("account-sub-1")
                .upn("someone@example.com")
                .groups(Set.of("customer"))
                .sign();
        raw().auth()
                .oauth2(token)
                .contentType("application/json")
                .body("{\"offerId\": \"MS-AZR-0003P\", \"displayName\": \"sub test\"}")
                .post("/v1/subscriptions")
                .then()
                .statusCode(201)
                .body("ownerId", equalTo("account-sub-1"));
    }

    @Test
    void healthAndContractArePublic() {
        raw().get("/q/health/ready").then().statusCode(200);
        raw().get("/q/openapi").then().statusCode(200);
    }
}
