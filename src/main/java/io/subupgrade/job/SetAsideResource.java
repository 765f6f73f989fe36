package io.subupgrade.job;

import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.Caller;
import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import io.subupgrade.time.ServiceClock;
import io.subupgrade.web.Page;
import io.subupgrade.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** The rows the jobs set aside (docs/design.md §14), and an operator's retry once the cause is fixed. */
@Path("/v1/jobs/set-aside")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class SetAsideResource {
    @Inject
    SetAsideStore store;

    @Inject
    Caller caller;

    @Inject
    ServiceClock clock;

    /** Rows set aside and not retried since, newest first. */
    @GET
    public Page<SetAsideRow> list(
            @QueryParam("job")
                    @Pattern(
                            regexp =
                                    "^(upgrade-finalization|credit-expiry|trial-expiry|invoice-finalization|webhook-delivery)$",
                            message = "must be one of the jobs")
                    String job,
            @BeanParam @Valid PageParams page) {
        return store.list(job == null ? null : Job.ofWireName(job), page.limit(), page.cursor);
    }

    /** Clears the mark: the job takes the row again at its next run (and sets it aside again if it still fails). */
    @POST
    @Path("{setAsideId}/retry")
    public SetAsideRow retry(@PathParam("setAsideId") String setAsideId) {
        UUID id = Ids.parse("setAsideId", setAsideId);
        return store.retry(id, caller.accountId(), clock.now())
                .orElseThrow(() -> ProblemException.notFound("Set-aside row " + id));
    }
}
