package io.subupgrade.benefit;

import io.subupgrade.shared.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

public record GrantCreditRequest(
        @NotNull @Valid Money amount,
        Instant expiresAt,
        @NotBlank @Size(max = 200) String reason) {}
