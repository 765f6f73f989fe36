package io.subupgrade.usage;

import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.subscription.SubscriptionService;
import io.subupgrade.web.PageParams;
import io.subupgrade.web.Problem;
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
import java.util.List;
import java.util.UUID;

@Path("/v1/subscriptions/{subscriptionId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsageResource {
    @Inject
    UsageService usage;

    @Inject
    UsageReports reports;

    @Inject
    SubscriptionService subscriptions;

    /** 201 for a new record, 200 with the original for a replayed eventId. */
    @POST
    @Path("usage")
    @RolesAllowed({Roles.METER, Roles.OPERATOR})
    public Response record(@PathParam("subscriptionId") String subscriptionId, @NotNull UsageRecordRequest request) {
        UUID id = Ids.parse("subscriptionId", subscriptionId);
        UsageInput input =
                new UsageInput(id, request.eventId(), request.meterId(), request.quantity(), request.occurredAt());
        UsageBatchResult result = usage.record(List.of(input), false).get(0);
        return switch (result.status()) {
            case CREATED ->
                Response.status(Response.Status.CREATED).entity(result.record()).build();
            case DUPLICATE -> Response.ok(result.record()).build();
            case REJECTED -> {
                Problem rejected = result.problem();
                throw ProblemException.of(rejected.code(), rejected.detail(), rejected.errors());
            }
        };
    }

    @GET
    @Path("usage")
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Response history(@PathParam("subscriptionId") String subscriptionId, @BeanParam @Valid PageParams page) {
        Subscription s = subscriptions.visibleEntity(Ids.parse("subscriptionId", subscriptionId));
        return Response.ok(reports.history(s.id, page.limit(), page.cursor)).build();
    }

    @GET
    @Path("cost-summary")
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Response costSummary(@PathParam("subscriptionId") String subscriptionId) {
        Subscription s = subscriptions.visibleEntity(Ids.parse("subscriptionId", subscriptionId));
        return Response.ok(reports.costSummary(s)).build();
    }
}
