package io.subupgrade.benefit;

import io.subupgrade.shared.Money;
import io.subupgrade.web.Text;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

public record GrantCreditRequest(
        @NotNull @Valid Money amount,
        Instant expiresAt,
        @NotBlank @Text(max = 200) String reason) {}
