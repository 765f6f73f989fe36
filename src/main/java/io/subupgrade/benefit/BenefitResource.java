package io.subupgrade.benefit;

import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.subscription.SubscriptionService;
import io.subupgrade.time.ServiceClock;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1/subscriptions/{subscriptionId}/benefits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BenefitResource {
    @Inject
    SubscriptionService subscriptions;

    @Inject
    BenefitService benefits;

    @Inject
    ServiceClock clock;

    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Response list(@PathParam("subscriptionId") String subscriptionId, @BeanParam @Valid PageParams page) {
        Subscription s = subscriptions.visibleEntity(Ids.parse("subscriptionId", subscriptionId));
        return Response.ok(benefits.list(s.id, page.limit(), page.cursor)).build();
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Response grant(
            @PathParam("subscriptionId") String subscriptionId, @NotNull @Valid GrantCreditRequest request) {
        Subscription s = subscriptions.visibleEntity(Ids.parse("subscriptionId", subscriptionId));
        BenefitBalance grant = benefits.grantPromotional(s.id, request);
        return Response.status(Response.Status.CREATED)
                .entity(BenefitBalanceView.of(grant, clock.now()))
                .build();
    }
}
