package io.subupgrade.subscription;

import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import io.subupgrade.web.PageParams;
import io.subupgrade.web.Text;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubscriptionResource {
    @Inject
    SubscriptionService subscriptions;

    @Inject
    SubscriptionReads reads;

    @POST
    @RolesAllowed(Roles.CUSTOMER)
    public Response create(@NotNull @Valid CreateSubscriptionRequest request) {
        Subscription s = subscriptions.create(request);
        // A relative Location (RFC 9110 allows it): Response.created() would resolve it against the request's
        // Host header, which the client chooses.
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/v1/subscriptions/" + s.id)
                .header(HttpHeaders.ETAG, s.etag())
                .entity(subscriptions.view(s))
                .build();
    }

    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Response list(
            @BeanParam @Valid PageParams page, @QueryParam("ownerId") @Text(min = 1, max = 255) String ownerId) {
        return Response.ok(subscriptions.list(ownerId, page.limit(), page.cursor))
                .build();
    }

    @GET
    @Path("{subscriptionId}")
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Response get(@PathParam("subscriptionId") String subscriptionId) {
        SubscriptionReads.Found found = reads.visibleView(Ids.parse("subscriptionId", subscriptionId));
        return Response.ok(found.view()).header(HttpHeaders.ETAG, found.etag()).build();
    }

    @PATCH
    @Path("{subscriptionId}")
    @RolesAllowed(Roles.CUSTOMER)
    public Response update(
            @PathParam("subscriptionId") String subscriptionId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @NotNull @Valid UpdateSubscriptionRequest request) {
        Subscription s = subscriptions.rename(Ids.parse("subscriptionId", subscriptionId), ifMatch, request);
        return Response.ok(subscriptions.view(s))
                .header(HttpHeaders.ETAG, s.etag())
                .build();
    }
}
