package io.subupgrade.upgrade;

import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import io.subupgrade.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A subscription's upgrade requests: request one, list them. */
@Path("/v1/subscriptions/{subscriptionId}/upgrade-requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubscriptionUpgradeResource {
    @Inject
    UpgradeService upgrades;

    @POST
    @RolesAllowed(Roles.CUSTOMER)
    public Response request(
            @PathParam("subscriptionId") String subscriptionId, @NotNull @Valid CreateUpgradeRequest body) {
        UpgradeRequest r = upgrades.request(Ids.parse("subscriptionId", subscriptionId), body);
        // Relative, not resolved against the Host header the client sent (see SubscriptionResource.create).
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/v1/upgrade-requests/" + r.id)
                .header(HttpHeaders.ETAG, r.etag())
                .entity(UpgradeRequestView.of(r))
                .build();
    }

    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Response list(@PathParam("subscriptionId") String subscriptionId, @BeanParam @Valid PageParams page) {
        return Response.ok(upgrades.listFor(Ids.parse("subscriptionId", subscriptionId), page.limit(), page.cursor))
                .build();
    }
}
