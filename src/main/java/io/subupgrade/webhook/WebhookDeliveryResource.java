package io.subupgrade.webhook;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import io.subupgrade.time.ServiceClock;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** One delivery with its attempts, and its manual retry (a replay when it was delivered). */
@Path("/v1/webhook-deliveries/{deliveryId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class WebhookDeliveryResource {
    @Inject
    DeliveryStore deliveries;

    @Inject
    WebhookEndpointService endpoints;

    @Inject
    ServiceClock clock;

    @GET
    public WebhookDeliveryView get(@PathParam("deliveryId") String deliveryId) {
        return find(Ids.parse("deliveryId", deliveryId));
    }

    /** Queues one more attempt now, whatever the status: 202 with the delivery, PENDING. */
    @POST
    @Path("retry")
    public Response retry(@PathParam("deliveryId") String deliveryId) {
        UUID id = Ids.parse("deliveryId", deliveryId);
        WebhookDeliveryView before = find(id);
        if (!endpoints.get(before.endpointId()).enabled) {
            throw new ProblemException(
                    ProblemCode.WEBHOOK_ENDPOINT_DISABLED,
                    "The delivery's endpoint is disabled; enable it (PATCH enabled: true) to retry.");
        }
        QuarkusTransaction.requiringNew().run(() -> deliveries.queueRetry(id, clock.now()));
        return Response.accepted(find(id)).build();
    }

    private WebhookDeliveryView find(UUID id) {
        return deliveries.find(id).orElseThrow(() -> ProblemException.notFound("Webhook delivery " + id));
    }
}
