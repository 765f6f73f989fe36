package floor;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** One table, read behind a bearer token, as the service's GET /v1/offers is. */
@Entity
public class Greeting extends PanacheEntityBase {
    @Id
    public String id;

    public String text;

    @Path("/v1/offers")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Resource {
        @GET
        @RolesAllowed("operator")
        public List<Greeting> all() {
            return Greeting.listAll();
        }
    }
}
