package io.subupgrade.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code POST /v1/sandbox/tokens}: whom to sign in as, and with which roles (customer by default). */
public record SandboxTokenRequest(
        @NotBlank
        @Size(max = 64)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._@-]*", message = "must be letters, digits, '.', '_', '@' or '-'")
        String accountId,

        @Size(min = 1, max = 2)
        List<@NotBlank @Pattern(regexp = "customer|operator", message = "must be customer or operator") String>
                roles) {}
