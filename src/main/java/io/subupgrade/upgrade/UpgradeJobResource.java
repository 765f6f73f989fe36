package io.subupgrade.upgrade;

import io.subupgrade.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

/** Runs the scheduled jobs now (tests, demos, operations). */
@Path("/v1/jobs/upgrade-finalization")
@Produces(MediaType.APPLICATION_JSON)
public class UpgradeJobResource {
    private static final Logger LOG = Logger.getLogger(UpgradeJobResource.class);

    @Inject
    UpgradeJobs jobs;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public JobRunResult run() {
        JobRunResult result = jobs.runAll();
        // An operator's manual run is rare and worth a line (the scheduled runs, every few seconds, are not).
        LOG.infof(
                "Upgrade job ran: %d upgraded, %d trials disabled, %d credits expired",
                result.finalized(), result.disabled(), result.expired());
        return result;
    }
}
