package io.subupgrade.invoice;

import io.subupgrade.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Runs invoice finalization now (tests, demos, operations), as the scheduled job does. */
@Path("/v1/jobs/invoice-finalization")
@Produces(MediaType.APPLICATION_JSON)
public class InvoiceJobResource {
    @Inject
    InvoiceJobs jobs;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public InvoiceJobResult run() {
        return jobs.finalizeDue();
    }
}
