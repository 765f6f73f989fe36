package io.subupgrade.webhook;

import io.subupgrade.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Runs one delivery pass now (tests, demos, operations). */
@Path("/v1/jobs/webhook-delivery")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookJobResource {
    @Inject
    WebhookDeliveries deliveries;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public DeliveryRunResult run() {
        return deliveries.runPass();
    }
}
