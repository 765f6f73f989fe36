package io.subupgrade.upgrade;

import io.subupgrade.offer.CatalogIds;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The {@code CreateUpgradeRequest} schema; {@code confirm} is checked by the service (422, not 400). */
public record CreateUpgradeRequest(
        @NotNull @Pattern(regexp = CatalogIds.PATTERN, message = CatalogIds.MESSAGE)
        String targetOfferId,

        Boolean confirm) {

    public boolean confirmed() {
        return Boolean.TRUE.equals(confirm);
    }
}
