package io.subupgrade.webhook;

import io.subupgrade.UpgradesConfig;
import io.subupgrade.problem.FieldError;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The SSRF guard of webhook URLs (docs/design.md §12). At registration, {@link #check} refuses a URL with 422
 * {@code webhook-url-not-allowed}; at delivery the HTTP client resolves host names through this policy
 * ({@link DnsResolver}), so the addresses checked are the very ones it connects to and a DNS answer that changed
 * since the registration (rebinding) is refused too.
 */
@ApplicationScoped
public class WebhookUrlPolicy implements DnsResolver {
    @Inject
    UpgradesConfig config;

    /** The URL as given, once it is allowed. */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused("is not a valid absolute URL");
        }
        if (!schemeAllowed(uri)) {
            throw refused(config.webhooks().allowHttp() ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused("must not carry a user name or password");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw refused("must name a host");
        }
        if (uri.getRawFragment() != null) {
            throw refused("must not have a fragment");
        }
        try {
            resolve(uri.getHost());
        } catch (UnknownHostException e) {
            throw refused(e.getMessage());
        }
        return uri;
    }

    /** https, or http where {@code upgrades.webhooks.allow-http} allows it; checked again at every delivery. */
    public boolean schemeAllowed(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https")
                || (scheme.equals("http") && config.webhooks().allowHttp());
    }

    /** The host's addresses, if every one of them may be reached. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = SystemDefaultDnsResolver.INSTANCE.resolve(bare);
        } catch (UnknownHostException e) {
            throw new UnknownHostException("host " + bare + " does not resolve");
        }
        if (!config.webhooks().allowPrivateNetworks()) {
            for (InetAddress address : addresses) {
                if (!AddressRules.isPublic(address)) {
                    throw new UnknownHostException(
                            "host " + bare + " resolves to a loopback, link-local or private address");
                }
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }

    private static ProblemException refused(String why) {
        return new ProblemException(
                ProblemCode.WEBHOOK_URL_NOT_ALLOWED,
                "The webhook URL is not allowed.",
                List.of(new FieldError("url", why)));
    }
}
