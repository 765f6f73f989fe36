package io.subupgrade.portal;

import io.subupgrade.UpgradesConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * How the account portal signs in: through an OpenID Connect provider (authorization code flow with PKCE, a public
 * client) when {@code upgrades.portal.oidc.issuer} and {@code client-id} are set, else with the sandbox's dev sign-in
 * or a pasted token. Also the portal's Content-Security-Policy, which must let the browser reach that provider.
 */
public record PortalSignIn(Optional<Oidc> oidc) {
    /** What the portal needs to start the flow; the rest comes from the provider's discovery document. */
    public record Oidc(String issuer, String clientId) {}

    /** The policy of the portal's pages and scripts, less the provider's origin in connect-src. */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src %s; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** Both settings or neither: a half-configured provider is refused at startup rather than half-working. */
    public static PortalSignIn from(UpgradesConfig.Portal.Oidc config) {
        Optional<String> issuer = config.issuer().map(String::strip).filter(s -> !s.isEmpty());
        Optional<String> clientId = config.clientId().map(String::strip).filter(s -> !s.isEmpty());
        if (issuer.isPresent() != clientId.isPresent()) {
            throw new IllegalStateException("Set both upgrades.portal.oidc.issuer (UPGRADES_PORTAL_OIDC_ISSUER) and"
                    + " upgrades.portal.oidc.client-id (UPGRADES_PORTAL_OIDC_CLIENT_ID), or neither");
        }
        if (issuer.isEmpty()) {
            return new PortalSignIn(Optional.empty());
        }
        originOf(issuer.get()); // refuses what is not an http(s) URL
        // As configured, to the slash: the portal compares it with the discovery document's and the ID token's iss.
        return new PortalSignIn(Optional.of(new Oidc(issuer.get(), clientId.get())));
    }

    /** The Content-Security-Policy of /portal/: its own origin only, plus the provider's for discovery and tokens. */
    public String contentSecurityPolicy() {
        return POLICY.formatted(oidc.map(o -> "'self' " + originOf(o.issuer())).orElse("'self'"));
    }

    /**
     * The origin (scheme, host and port when not the scheme's default) of an http(s) URL, as a browser writes it in
     * a CSP source: {@code https://Login.Example.com:443/realms/x} is {@code https://login.example.com}.
     */
    static String originOf(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("upgrades.portal.oidc.issuer is not a URL: " + url, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "upgrades.portal.oidc.issuer must be an http(s) URL without user, query or fragment: " + url);
        }
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
