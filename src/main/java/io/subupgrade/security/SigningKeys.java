package io.subupgrade.security;

import io.smallrye.jwt.KeyProvider;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.KeyLocationResolver;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.auth.principal.UnmatchedTokenKidException;
import io.smallrye.jwt.auth.principal.X509KeyLocationResolver;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * smallrye-jwt's own token verification (its parser and its {@link KeyLocationResolver}: JWKS fetched from
 * {@code mp.jwt.verify.publickey.location}, again on an unknown {@code kid} and whenever the set is older than
 * {@code smallrye.jwt.jwks.refresh-interval}), with that resolver kept in reach so {@link VerifiedTokens} can ask two
 * things of the very key set the verification uses, rather than of a second copy fetched on its own schedule:
 *
 * <ul>
 *   <li>whether a remembered token's key is still published ({@link #stillPublished}): a key the provider has
 *       removed ends the tokens it signed within the refresh interval, cached or not;
 *   <li>whether the keys can be had at all ({@link #unavailable}): a token refused because the provider cannot be
 *       reached is the service's problem (503, retry), not the caller's (401, sign in again).
 * </ul>
 *
 * Only the resolver's protected members are used, through a subclass; no reflection. AWS ALB keys and certificate
 * thumbprints keep smallrye's own resolvers and are treated as fixed keys.
 */
public class SigningKeys extends JWTCallerPrincipalFactory {
    private final Parser parser = new Parser();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo settings) throws ParseException {
        JwtContext context = parser.parse(token, settings);
        JsonWebStructure jws = context.getJoseObjects().get(0);
        return new SignedToken(jws.getKeyIdHeaderValue(), jws.getHeader("typ"), context.getJwtClaims());
    }

    /**
     * Whether the key a token was verified with is still in the key set, refreshing the set first if it is older
     * than the refresh interval. Fixed keys (a PEM file, a JWK file) are always still published. A JWKS that cannot
     * be fetched publishes nothing: the token then takes the full path, which answers 503.
     */
    public boolean stillPublished(String kid) {
        Tracking resolver = parser.tracking;
        if (resolver == null || !resolver.fromUrl()) {
            return true;
        }
        if (kid == null) {
            return false; // a JWKS without kids cannot tell its keys apart: verify every time
        }
        try {
            return resolver.published().stream().anyMatch(key -> kid.equals(key.getKeyId()));
        } catch (Exception unreachable) {
            return false;
        }
    }

    /**
     * Whether a refusal means the keys could not be had (provider down, the set not fetched yet) rather than a
     * token no key fits. A token whose {@code kid} is not in a fetched set, a bad signature, a wrong issuer or an
     * expired token are the caller's.
     */
    public boolean unavailable(ParseException refusal) {
        boolean keyUnresolved = false;
        for (Throwable t = refusal; t != null; t = t.getCause()) {
            if (t instanceof UnmatchedTokenKidException) {
                return false;
            }
            keyUnresolved |= t instanceof UnresolvableKeyException;
        }
        return keyUnresolved && !reachable();
    }

    private boolean reachable() {
        Tracking resolver = parser.tracking;
        if (resolver == null) {
            return parser.fixed != null; // no resolver yet: its construction (the first fetch) failed
        }
        if (!resolver.fromUrl()) {
            return true; // a fixed key is always there
        }
        try {
            resolver.published();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** A verified token with the {@code kid} of the key that signed it. */
    public static final class SignedToken extends DefaultJWTCallerPrincipal {
        private final String kid;

        SignedToken(String kid, String type, JwtClaims claims) {
            super(type, claims);
            this.kid = kid;
        }

        public String kid() {
            return kid;
        }
    }

    /** smallrye's parser, creating its key resolver the way smallrye does, but keeping a typed handle on it. */
    private static final class Parser extends DefaultJWTTokenParser {
        private volatile Tracking tracking;
        private volatile VerificationKeyResolver fixed;

        @Override
        protected VerificationKeyResolver getVerificationKeyResolver(JWTAuthContextInfo settings)
                throws UnresolvableKeyException {
            VerificationKeyResolver known = tracking != null ? tracking : fixed;
            if (known != null) {
                return known;
            }
            synchronized (this) {
                if (tracking == null && fixed == null) {
                    if (settings.getKeyProvider() == KeyProvider.AWS_ALB || settings.isVerifyCertificateThumbprint()) {
                        fixed = settings.isVerifyCertificateThumbprint()
                                ? new X509KeyLocationResolver(settings)
                                : super.getVerificationKeyResolver(settings);
                    } else {
                        // Throws when the first fetch fails; the next token tries again, so the service recovers
                        // on its own once the provider answers.
                        tracking = new Tracking(settings);
                    }
                }
                return tracking != null ? tracking : fixed;
            }
        }
    }

    /** smallrye's resolver; {@code httpsJwks} (protected) is the fetched set when the location is an http(s) URL. */
    private static final class Tracking extends KeyLocationResolver {
        Tracking(JWTAuthContextInfo settings) throws UnresolvableKeyException {
            super(settings);
        }

        boolean fromUrl() {
            return httpsJwks != null;
        }

        /** The current set; jose4j refreshes it first when it is older than its cache duration. */
        List<JsonWebKey> published() throws Exception {
            return httpsJwks.getJsonWebKeys();
        }
    }
}
