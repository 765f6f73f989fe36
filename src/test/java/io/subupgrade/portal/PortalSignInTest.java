package io.subupgrade.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.subupgrade.UpgradesConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortalSignInTest {

    private static UpgradesConfig.Portal.Oidc config(String issuer, String clientId) {
        return new UpgradesConfig.Portal.Oidc() {
            @Override
            public Optional<String> issuer() {
                return Optional.ofNullable(issuer);
            }

            @Override
            public Optional<String> clientId() {
                return Optional.ofNullable(clientId);
            }
        };
    }

    @Test
    void originIsSchemeHostAndPortInLowerCase() {
        assertEquals("http://localhost:42187", PortalSignIn.originOf("http://localhost:42187/realms/subupgrade"));
        assertEquals("https://login.example.com", PortalSignIn.originOf("HTTPS://Login.Example.COM/realms/x/"));
        assertEquals("https://login.example.com:8443", PortalSignIn.originOf("https://login.example.com:8443"));
    }

    @Test
    void originLeavesOutTheSchemesDefaultPort() {
        assertEquals("https://login.example.com", PortalSignIn.originOf("https://login.example.com:443/x"));
        assertEquals("http://login.example.com", PortalSignIn.originOf("http://login.example.com:80/x"));
        assertEquals("http://login.example.com:443", PortalSignIn.originOf("http://login.example.com:443/x"));
    }

    @Test
    void anIssuerThatIsNoPlainHttpUrlIsRefused() {
        for (String bad : new String[] {
            "login.example.com/realms/x",
            "ftp://login.example.com/x",
            "javascript:alert(1)",
            "https://user@login.example.com/x",
            "https://login.example.com/x?a=b",
            "https://login.example.com/x#f",
            "https://login.example.com; script-src *",
            "https:///realms/x",
        }) {
            assertThrows(IllegalArgumentException.class, () -> PortalSignIn.originOf(bad), bad);
        }
    }

    @Test
    void withoutAProviderThePolicyConnectsToItsOwnOriginOnly() {
        PortalSignIn signIn = PortalSignIn.from(config(null, null));
        assertEquals(Optional.empty(), signIn.oidc());
        assertEquals(
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
                        + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                signIn.contentSecurityPolicy());
    }

    @Test
    void withAProviderThePolicyAlsoConnectsToTheIssuersOrigin() {
        PortalSignIn signIn = PortalSignIn.from(config(" https://login.example.com/realms/subupgrade ", "portal"));
        assertEquals(
                Optional.of(new PortalSignIn.Oidc("https://login.example.com/realms/subupgrade", "portal")),
                signIn.oidc());
        assertEquals(
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                        + " connect-src 'self' https://login.example.com;"
                        + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                signIn.contentSecurityPolicy());
    }

    @Test
    void theIssuerIsKeptToTheSlashForTheIssuerChecks() {
        assertEquals(
                "https://tenant.example.com/",
                PortalSignIn.from(config("https://tenant.example.com/", "portal"))
                        .oidc()
                        .orElseThrow()
                        .issuer());
    }

    @Test
    void halfAProviderIsRefused() {
        assertThrows(IllegalStateException.class, () -> PortalSignIn.from(config("https://login.example.com", null)));
        assertThrows(IllegalStateException.class, () -> PortalSignIn.from(config(null, "portal")));
        assertThrows(IllegalStateException.class, () -> PortalSignIn.from(config("https://login.example.com", " ")));
    }

    @Test
    void blankSettingsAreNoProvider() {
        assertEquals(Optional.empty(), PortalSignIn.from(config("", "")).oidc());
    }
}
