package io.subupgrade.subscription;

import io.subupgrade.offer.CatalogIds;
import io.subupgrade.web.Text;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record CreateSubscriptionRequest(
        @NotNull @Pattern(regexp = CatalogIds.PATTERN, message = CatalogIds.MESSAGE)
        String offerId,

        @NotBlank @Text(max = 100) String displayName) {}
