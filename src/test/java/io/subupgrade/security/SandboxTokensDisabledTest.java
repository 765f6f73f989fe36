package io.subupgrade.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.subupgrade.UpgradesConfig;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Without sandbox mode, or without a signing key, there is no dev sign-in: 404 before the body is looked at. */
class SandboxTokensDisabledTest {

    private static SandboxTokens tokens(boolean enabled, Optional<String> key) {
        SandboxTokens tokens = new SandboxTokens();
        tokens.config = new UpgradesConfig() {
            @Override
            public Sandbox sandbox() {
                return new Sandbox() {
                    @Override
                    public boolean enabled() {
                        return enabled;
                    }

                    @Override
                    public Optional<String> tokenSigningKey() {
                        return key;
                    }
                };
            }

            @Override
            public Finalizer finalizer() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Notifications notifications() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Webhooks webhooks() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Invoicing invoicing() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Portal portal() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Metrics metrics() {
                throw new UnsupportedOperationException();
            }
        };
        return tokens;
    }

    @Test
    void sandboxOffIsNotFound() {
        ProblemException e =
                assertThrows(ProblemException.class, () -> tokens(false, Optional.of("dev-keys/private-key.pem"))
                        .issue(new SandboxTokenRequest("alice", null)));
        assertEquals(ProblemCode.NOT_FOUND, e.code());
    }

    @Test
    void sandboxWithoutSigningKeyIsNotFound() {
        ProblemException e = assertThrows(
                ProblemException.class, () -> tokens(true, Optional.empty()).issue(null));
        assertEquals(ProblemCode.NOT_FOUND, e.code());
    }
}
