package io.subupgrade.usage;

import io.subupgrade.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

@Path("/v1/usage-batches")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsageBatchResource {
    @Inject
    UsageService usage;

    @POST
    @RolesAllowed({Roles.METER, Roles.OPERATOR})
    public Map<String, List<UsageBatchResult>> record(@NotNull @Valid UsageBatchRequest request) {
        List<UsageInput> inputs = request.records().stream()
                .map(UsageBatchRequest.Record::toInput)
                .toList();
        return Map.of("results", usage.record(inputs, true));
    }
}
