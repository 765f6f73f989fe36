package io.subupgrade.offer;

import io.subupgrade.security.Roles;
import io.subupgrade.web.Languages;
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

@Path("/v1/meters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MeterResource {
    @Inject
    CatalogService catalog;

    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR, Roles.METER})
    public Response list(@BeanParam @Valid PageParams page, @Context HttpHeaders headers) {
        Locale language = Languages.negotiate(headers);
        return Response.ok(catalog.listMeters(page.limit(), page.cursor, language))
                .language(language)
                .build();
    }

    @PUT
    @Path("{meterId}")
    @RolesAllowed(Roles.OPERATOR)
    public Response put(
            @PathParam("meterId") @Pattern(regexp = CatalogIds.PATTERN, message = CatalogIds.MESSAGE) String meterId,
            @NotNull @Valid MeterInput input,
            @Context HttpHeaders headers) {
        boolean created = catalog.putMeter(meterId, input);
        Locale language = Languages.negotiate(headers);
        return CatalogAnswers.put(
                created, "/v1/meters/" + meterId, MeterView.of(catalog.meter(meterId), language), language);
    }
}
