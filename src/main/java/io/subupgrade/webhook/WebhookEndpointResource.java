package io.subupgrade.webhook;

import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import io.subupgrade.web.Page;
import io.subupgrade.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * Webhook endpoints and their deliveries (docs/design.md §12): operators only, customers never see them. Only the
 * calls with a body consume JSON; the others take none and ignore a Content-Type.
 */
@Path("/v1/webhook-endpoints")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class WebhookEndpointResource {
    @Inject
    WebhookEndpointService endpoints;

    @Inject
    DeliveryStore deliveries;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull @Valid WebhookEndpointRequest request) {
        WebhookEndpoint e = endpoints.create(request);
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/v1/webhook-endpoints/" + e.id)
                .entity(WebhookEndpointView.withSecret(e))
                .build();
    }

    @GET
    public Page<WebhookEndpointView> list(@BeanParam @Valid PageParams page) {
        return endpoints.list(page.limit(), page.cursor);
    }

    @GET
    @Path("{endpointId}")
    public WebhookEndpointView get(@PathParam("endpointId") String endpointId) {
        return WebhookEndpointView.of(endpoints.get(id(endpointId)));
    }

    @PATCH
    @Path("{endpointId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public WebhookEndpointView update(
            @PathParam("endpointId") String endpointId, @NotNull @Valid WebhookEndpointPatch patch) {
        return WebhookEndpointView.of(endpoints.update(id(endpointId), patch));
    }

    @DELETE
    @Path("{endpointId}")
    public Response delete(@PathParam("endpointId") String endpointId) {
        endpoints.delete(id(endpointId));
        return Response.noContent().build();
    }

    @POST
    @Path("{endpointId}/rotate-secret")
    public WebhookEndpointView rotateSecret(@PathParam("endpointId") String endpointId) {
        return WebhookEndpointView.withSecret(endpoints.rotateSecret(id(endpointId)));
    }

    @GET
    @Path("{endpointId}/deliveries")
    public Page<WebhookDeliveryView> deliveries(
            @PathParam("endpointId") String endpointId,
            @QueryParam("status") String status,
            @BeanParam @Valid PageParams page) {
        UUID id = endpoints.get(id(endpointId)).id;
        return deliveries.list(id, status(status), page.limit(), page.cursor);
    }

    private static UUID id(String endpointId) {
        return Ids.parse("endpointId", endpointId);
    }

    private static DeliveryStatus status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return DeliveryStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("status", "must be PENDING, DELIVERED or FAILED");
        }
    }
}
