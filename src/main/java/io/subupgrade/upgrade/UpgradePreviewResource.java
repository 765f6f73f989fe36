package io.subupgrade.upgrade;

import io.subupgrade.offer.CatalogIds;
import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/subscriptions/{subscriptionId}/upgrade-preview")
@Produces(MediaType.APPLICATION_JSON)
public class UpgradePreviewResource {
    @Inject
    UpgradeService upgrades;

    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public UpgradePreview preview(
            @PathParam("subscriptionId") String subscriptionId,
            @QueryParam("targetOfferId") @Pattern(regexp = CatalogIds.PATTERN, message = CatalogIds.MESSAGE)
                    String targetOfferId) {
        return upgrades.preview(Ids.parse("subscriptionId", subscriptionId), targetOfferId);
    }
}
