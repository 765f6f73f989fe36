package io.subupgrade.security;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import io.subupgrade.UpgradesConfig;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/** Mints the sandbox's dev sign-in tokens with the configured dev key. */
@ApplicationScoped
public class SandboxTokens {
    public static final String ISSUER = "https://dev.subupgrade.local";
    static final Duration LIFETIME = Duration.ofHours(1);

    @Inject
    UpgradesConfig config;

    @Inject
    Validator validator;

    private volatile PrivateKey key;

    /** A configured key that cannot be read stops the start, rather than the first sign-in. */
    void loadKey(@Observes StartupEvent event) {
        if (config.sandbox().enabled() && config.sandbox().tokenSigningKey().isPresent()) {
            key();
        }
    }

    public SandboxToken issue(SandboxTokenRequest request) {
        // Checked before the body, so a service without a sandbox reveals nothing about this endpoint.
        if (!config.sandbox().enabled() || config.sandbox().tokenSigningKey().isEmpty()) {
            throw new ProblemException(ProblemCode.NOT_FOUND, "There is nothing at this path.");
        }
        if (request == null) {
            throw ProblemException.invalid("body", "must not be null");
        }
        Set<ConstraintViolation<SandboxTokenRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        Set<String> roles = request.roles() == null ? Set.of(Roles.CUSTOMER) : new LinkedHashSet<>(request.roles());
        // Real time, not the sandbox clock: the JWT verifier checks expiry against the system clock.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(LIFETIME);
        String token = Jwt.issuer(ISSUER)
                .subject(request.accountId())
                .upn(request.accountId())
                .groups(roles)
                .issuedAt(now)
                .expiresAt(expiresAt)
                .jws()
                .sign(key());
        return new SandboxToken(token, expiresAt);
    }

    private PrivateKey key() {
        PrivateKey k = key;
        if (k == null) {
            k = readPem(Path.of(config.sandbox().tokenSigningKey().orElseThrow()));
            key = k;
        }
        return k;
    }

    /** PKCS#8 PEM, as {@code openssl genpkey} writes it (dev-keys/private-key.pem). */
    static PrivateKey readPem(Path file) {
        try {
            String pem = Files.readString(file);
            String base64 =
                    pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(
                            new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read upgrades.sandbox.token-signing-key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "upgrades.sandbox.token-signing-key is not a PKCS#8 PEM RSA private key: " + file, e);
        }
    }
}
