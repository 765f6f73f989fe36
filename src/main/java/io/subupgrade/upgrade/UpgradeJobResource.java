package io.subupgrade.upgrade;

import io.subupgrade.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Runs the scheduled jobs now (tests, demos, operations). */
@Path("/v1/jobs/upgrade-finalization")
@Produces(MediaType.APPLICATION_JSON)
public class UpgradeJobResource {
    @Inject
    UpgradeJobs jobs;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public JobRunResult run() {
        return jobs.runAll();
    }
}
