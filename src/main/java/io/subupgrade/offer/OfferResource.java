package io.subupgrade.offer;

import io.subupgrade.security.Roles;
import io.subupgrade.web.Languages;
import io.subupgrade.web.Page;
import io.subupgrade.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

@Path("/v1/offers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OfferResource {
    @Inject
    CatalogService catalog;

    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR, Roles.METER})
    public Response list(@BeanParam @Valid PageParams page, @Context HttpHeaders headers) {
        Locale language = Languages.negotiate(headers);
        Page<OfferView> offers = catalog.listOffers(page.limit(), page.cursor, language);
        return Response.ok(offers).language(language).build();
    }

    @GET
    @Path("{offerId}")
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR, Roles.METER})
    public Response get(
            @PathParam("offerId") @Pattern(regexp = CatalogIds.PATTERN, message = CatalogIds.MESSAGE) String offerId,
            @Context HttpHeaders headers) {
        Locale language = Languages.negotiate(headers);
        return Response.ok(OfferView.of(catalog.offer(offerId), language))
                .language(language)
                .build();
    }

    @PUT
    @Path("{offerId}")
    @RolesAllowed(Roles.OPERATOR)
    public Response put(
            @PathParam("offerId") @Pattern(regexp = CatalogIds.PATTERN, message = CatalogIds.MESSAGE) String offerId,
            @NotNull @Valid OfferInput input,
            @Context HttpHeaders headers) {
        boolean created = catalog.putOffer(offerId, input);
        Locale language = Languages.negotiate(headers);
        return CatalogAnswers.put(
                created, "/v1/offers/" + offerId, OfferView.of(catalog.offer(offerId), language), language);
    }
}
