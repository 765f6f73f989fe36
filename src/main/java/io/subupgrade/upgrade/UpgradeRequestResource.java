package io.subupgrade.upgrade;

import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import io.subupgrade.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Upgrade requests by id, and the operators' view across subscriptions. */
@Path("/v1/upgrade-requests")
@Produces(MediaType.APPLICATION_JSON)
public class UpgradeRequestResource {
    @Inject
    UpgradeService upgrades;

    @GET
    @RolesAllowed(Roles.OPERATOR)
    public Response list(
            @BeanParam @Valid PageParams page,
            @QueryParam("status")
                    @Pattern(
                            regexp = "^(PENDING|COMPLETED|CANCELLED)$",
                            message = "must be one of PENDING, COMPLETED, CANCELLED")
                    String status) {
        UpgradeRequestStatus wanted = status == null ? null : UpgradeRequestStatus.valueOf(status);
        return Response.ok(upgrades.list(wanted, page.limit(), page.cursor)).build();
    }

    @GET
    @Path("{requestId}")
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Response get(@PathParam("requestId") String requestId) {
        UpgradeRequest r = upgrades.visible(Ids.parse("requestId", requestId));
        return Response.ok(UpgradeRequestView.of(r))
                .header(HttpHeaders.ETAG, r.etag())
                .build();
    }

    @POST
    @Path("{requestId}/cancel")
    @RolesAllowed(Roles.CUSTOMER)
    public UpgradeRequestView cancel(@PathParam("requestId") String requestId) {
        return UpgradeRequestView.of(upgrades.cancel(Ids.parse("requestId", requestId)));
    }
}
