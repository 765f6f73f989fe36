package io.subupgrade.invoice;

import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import io.subupgrade.web.Languages;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/** One invoice as JSON, CSV or PDF. */
@Path("/v1/invoices")
public class InvoiceResource {
    @Inject
    InvoiceReads invoices;

    @GET
    @Path("{invoiceId}")
    @Produces({MediaType.APPLICATION_JSON, InvoiceFormat.CSV_TYPE, InvoiceFormat.PDF_TYPE})
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public Response get(@PathParam("invoiceId") String invoiceId, @Context HttpHeaders headers) {
        InvoiceFormat format = InvoiceFormat.negotiate(headers.getAcceptableMediaTypes());
        Locale language = Languages.negotiate(headers);
        InvoiceView invoice = invoices.get(Ids.parse("invoiceId", invoiceId), language);
        return format.respond(invoice, language);
    }
}
