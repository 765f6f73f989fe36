package io.subupgrade.event;

import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.Roles;
import io.subupgrade.shared.Ids;
import io.subupgrade.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The event feed: {@code ?after=} the last id seen, in id order. */
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {
    @Inject
    EventFeed feed;

    // Numbers are read as text: JAX-RS turns an unconvertible query parameter into a 404, not a 400.
    @GET
    @RolesAllowed({Roles.CUSTOMER, Roles.OPERATOR})
    public EventList list(
            @QueryParam("after") @Pattern(regexp = "^[0-9]{1,18}$", message = "must be an integer >= 0") String after,
            @QueryParam("limit")
                    @Pattern(regexp = "^(100|[1-9][0-9]?)$", message = "must be an integer between 1 and 100")
                    String limit,
            @QueryParam("subscriptionId") String subscriptionId,
            @QueryParam("type") String type) {
        return feed.read(
                after == null ? 0 : Long.parseLong(after),
                limit == null ? PageParams.DEFAULT_LIMIT : Integer.parseInt(limit),
                subscriptionId == null ? null : Ids.parse("subscriptionId", subscriptionId),
                type == null ? null : eventType(type));
    }

    private static EventType eventType(String type) {
        try {
            return EventType.fromWireName(type);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("type", "is not an event type");
        }
    }
}
