package io.subupgrade.offer;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/** The answer both catalog resources give to a PUT of an offer or a meter. */
final class CatalogAnswers {
    private CatalogAnswers() {}

    /**
     * 201 with {@code location} when the PUT created the entry, 200 when it replaced one; the entry's representation
     * in the negotiated {@code language}. The Location is relative, not resolved against the Host header the client
     * sent (see SubscriptionResource).
     */
    static Response put(boolean created, String location, Object view, Locale language) {
        return (created
                        ? Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, location)
                        : Response.ok())
                .entity(view)
                .language(language)
                .build();
    }
}
