package io.subupgrade.subscription;

import io.subupgrade.offer.CatalogIds;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record CreateSubscriptionRequest(
        @NotNull @Pattern(regexp = CatalogIds.PATTERN, message = CatalogIds.MESSAGE)
        String offerId,

        @NotBlank @Size(max = 100) String displayName) {}
