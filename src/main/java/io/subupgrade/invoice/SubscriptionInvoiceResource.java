package io.subupgrade.invoice;

import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import io.subupgrade.subscription.Subscription;
import io.subupgrade.subscription.SubscriptionService;
import io.subupgrade.web.Languages;
import io.subupgrade.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/** A subscription's invoices and the upcoming one. */
@Path("/v1/subscriptions/{subscriptionId}/invoices")
public class SubscriptionInvoiceResource {
    @Inject
    InvoiceReads invoices;

    @Inject
    SubscriptionService subscriptions;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Response list(
            @PathParam("subscriptionId") String subscriptionId,
            @QueryParam("status") @Pattern(regexp = "^(DRAFT|FINALIZED)$", message = "must be DRAFT or FINALIZED")
                    String status,
            @BeanParam @Valid PageParams page,
            @Context HttpHeaders headers) {
        Subscription s = subscriptions.visibleEntity(Ids.parse("subscriptionId", subscriptionId));
        InvoiceStatus wanted = status == null ? null : InvoiceStatus.valueOf(status);
        Locale language = Languages.negotiate(headers);
        return Response.ok(invoices.list(s, wanted, page.limit(), page.cursor, language))
                .language(language)
                .build();
    }

    @GET
    @Path("upcoming")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Response upcoming(@PathParam("subscriptionId") String subscriptionId, @Context HttpHeaders headers) {
        Subscription s = subscriptions.visibleEntity(Ids.parse("subscriptionId", subscriptionId));
        Locale language = Languages.negotiate(headers);
        return Response.ok(invoices.upcoming(s, language)).language(language).build();
    }
}
