package io.subupgrade.web;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The service's operations, read once from the JAX-RS resources' annotations: path template, HTTP method, roles and
 * accepted media types. It answers what Quarkus REST answers wrongly or too late: the {@code Allow} header (its
 * automatic OPTIONS mixed the methods of a class's other paths into a path's list) and, for the checks that run before
 * the framework's own security check ({@link RoleFirst}), which roles a request needs.
 */
@Singleton
public class Routes {
    /** One resource method. {@code roles} is empty for a {@code @PermitAll} one. */
    public record Operation(String template, String method, Set<String> roles, List<MediaType> consumes) {
        public boolean acceptsMediaType(String contentType) {
            if (consumes.isEmpty()) {
                return true;
            }
            try {
                MediaType sent =
                        contentType == null ? MediaType.APPLICATION_OCTET_STREAM_TYPE : MediaType.valueOf(contentType);
                return consumes.stream().anyMatch(m -> m.isCompatible(sent));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    private record Template(String text, Pattern pattern, int literalCharacters) {}

    @Inject
    BeanManager beans;

    private volatile List<Operation> operations;
    private volatile List<Template> templates;

    /** The template of the path as JAX-RS would match it (most literal characters first), if any. */
    public Optional<String> templateOf(String path) {
        load();
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return templates.stream()
                .filter(t -> t.pattern().matcher(normalized).matches())
                .max(Comparator.comparingInt(Template::literalCharacters))
                .map(Template::text);
    }

    /** The methods the path allows, for an {@code Allow} header; empty when no resource serves the path. */
    public Optional<String> allow(String path) {
        return templateOf(path).map(template -> String.join(", ", methodsOf(template)));
    }

    /** The template of the path when it allows {@code method} (as {@link #allow} lists them), else empty. */
    public Optional<String> templateServing(String method, String path) {
        return templateOf(path).filter(template -> methodsOf(template).contains(method));
    }

    private Set<String> methodsOf(String template) {
        Set<String> methods = new LinkedHashSet<>();
        operations.stream()
                .filter(o -> o.template().equals(template))
                .map(Operation::method)
                .sorted()
                .forEach(methods::add);
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD); // Quarkus REST answers HEAD wherever there is a GET
        }
        methods.add(HttpMethod.OPTIONS);
        return methods;
    }

    public Optional<Operation> operation(String method, String path) {
        return templateOf(path).flatMap(template -> operations.stream()
                .filter(o -> o.template().equals(template) && o.method().equals(method))
                .findFirst());
    }

    private void load() {
        if (operations != null) {
            return;
        }
        synchronized (this) {
            if (operations == null) {
                List<Operation> found = new ArrayList<>();
                for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
                    Class<?> resource = bean.getBeanClass();
                    if (resource.isAnnotationPresent(Path.class)) {
                        found.addAll(operationsOf(resource));
                    }
                }
                templates = found.stream()
                        .map(Operation::template)
                        .distinct()
                        .map(t -> new Template(
                                t,
                                Pattern.compile(regexOf(t)),
                                t.replaceAll("\\{[^}]*}", "").length()))
                        .toList();
                operations = List.copyOf(found);
            }
        }
    }

    private static List<Operation> operationsOf(Class<?> resource) {
        List<Operation> found = new ArrayList<>();
        String base = resource.getAnnotation(Path.class).value();
        for (Method m : resource.getMethods()) {
            String httpMethod = httpMethodOf(m);
            if (httpMethod == null) {
                continue;
            }
            Path sub = m.getAnnotation(Path.class);
            String template = join(base, sub == null ? "" : sub.value());
            Consumes consumes = m.isAnnotationPresent(Consumes.class)
                    ? m.getAnnotation(Consumes.class)
                    : resource.getAnnotation(Consumes.class);
            List<MediaType> media = consumes == null
                    ? List.of()
                    : Arrays.stream(consumes.value())
                            .flatMap(v -> Arrays.stream(v.split(",")))
                            .map(v -> MediaType.valueOf(v.trim()))
                            .toList();
            found.add(new Operation(template, httpMethod, rolesOf(resource, m), media));
        }
        return found;
    }

    private static Set<String> rolesOf(Class<?> resource, Method m) {
        if (m.isAnnotationPresent(PermitAll.class)) {
            return Set.of();
        }
        RolesAllowed roles = m.isAnnotationPresent(RolesAllowed.class)
                ? m.getAnnotation(RolesAllowed.class)
                : resource.getAnnotation(RolesAllowed.class);
        return roles == null ? Set.of() : Set.copyOf(new TreeSet<>(List.of(roles.value())));
    }

    private static String httpMethodOf(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** {@code /v1/offers/{offerId}} matches {@code /v1/offers/} followed by one segment. */
    private static String regexOf(String template) {
        return Arrays.stream(template.split("((?=\\{)|(?<=}))"))
                .map(part -> part.startsWith("{") ? "[^/]+" : Pattern.quote(part))
                .collect(Collectors.joining());
    }
}
