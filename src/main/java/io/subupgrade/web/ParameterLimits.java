package io.subupgrade.web;

import io.subupgrade.problem.ProblemException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The length limits of openapi.yaml's parameters that bean validation cannot see. Quarkus REST hands a resource
 * {@code null} for a query parameter or header sent with an empty value ({@code ?cursor=}, {@code If-Match: ""}), so
 * {@code @Size(min = 1)} never fires and "empty" silently meant "absent": an operator's {@code ?ownerId=} listed
 * every account. Every query parameter and header a resource declares has {@code minLength: 1} (or is a number, enum
 * or UUID) in the contract, so a declared one that is present but empty is refused here, by its name. Headers the
 * resources declare, and Accept-Language (read by {@link Languages} everywhere), are at most 255 characters.
 *
 * <p>A post-matching filter: the security checks (401/403) come first, as for any other validation.
 */
public class ParameterLimits {
    static final int MAX_HEADER_LENGTH = 255;

    private final Map<Method, Declared> declared = new ConcurrentHashMap<>();

    /** The query parameters and headers a resource method reads, directly or through a {@code @BeanParam}. */
    record Declared(Set<String> queryParameters, Set<String> headers) {}

    @ServerRequestFilter
    public void check(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        Declared names = declared.computeIfAbsent(method, ParameterLimits::declaredBy);
        for (String name :
                emptyQueryParameters(request.getUriInfo().getRequestUri().getRawQuery())) {
            if (names.queryParameters().contains(name)) {
                throw ProblemException.invalid(name, "must not be empty");
            }
        }
        for (String header : names.headers()) {
            checkHeader(request, header, true);
        }
        checkHeader(request, HttpHeaders.ACCEPT_LANGUAGE, false);
    }

    private static void checkHeader(ContainerRequestContext request, String header, boolean emptyRefused) {
        List<String> values = request.getHeaders().get(header);
        if (values == null) {
            return;
        }
        for (String value : values) {
            if (emptyRefused && value.isEmpty()) {
                throw ProblemException.invalid(header, "must not be empty");
            }
            if (value.length() > MAX_HEADER_LENGTH) {
                throw ProblemException.invalid(header, "must be at most " + MAX_HEADER_LENGTH + " characters");
            }
        }
    }

    /** Names given without a value ({@code a=} or {@code a}), in the order of their names. */
    static Set<String> emptyQueryParameters(String rawQuery) {
        Set<String> empty = new TreeSet<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return empty;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if ((eq < 0 || eq == pair.length() - 1) && !name.isEmpty()) {
                try {
                    empty.add(URLDecoder.decode(name, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a malformed escape is no parameter name this service reads
                }
            }
        }
        return empty;
    }

    private static Declared declaredBy(Method method) {
        Set<String> query = new TreeSet<>();
        Set<String> headers = new TreeSet<>();
        for (Parameter parameter : method.getParameters()) {
            collect(parameter, query, headers);
            if (parameter.isAnnotationPresent(BeanParam.class)) {
                for (Class<?> c = parameter.getType(); c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Field field : c.getDeclaredFields()) {
                        collect(field, query, headers);
                    }
                }
            }
        }
        return new Declared(Set.copyOf(query), Set.copyOf(headers));
    }

    private static void collect(AnnotatedElement element, Set<String> query, Set<String> headers) {
        QueryParam q = element.getAnnotation(QueryParam.class);
        if (q != null) {
            query.add(q.value());
        }
        HeaderParam h = element.getAnnotation(HeaderParam.class);
        if (h != null) {
            headers.add(h.value());
        }
    }
}
