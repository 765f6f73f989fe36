package io.subupgrade.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a webhook may reach when private networks are not allowed (DESIGN.md section 9): only public
 * unicast ones. Refused: loopback, link-local (cloud metadata at 169.254.169.254 included), private (RFC 1918, IPv6
 * unique-local fc00::/7), carrier-grade NAT (100.64.0.0/10), "this network" (0.0.0.0/8), multicast, broadcast and
 * the IPv4-mapped or NAT64 forms of any of those.
 */
public final class AddressRules {
    private AddressRules() {}

    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local
                return false;
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) { // fec0::/10 site-local (deprecated)
                return false;
            }
            if (isPrefixZero(b, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) { // ::ffff:a.b.c.d
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if (isPrefixZero(b, 12)) { // ::a.b.c.d (IPv4-compatible, deprecated) and ::
                return false;
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                // 64:ff9b::/96, NAT64 of an IPv4 address
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff, a1 = b[1] & 0xff;
        return !(a0 == 0 // this network
                || a0 == 10
                || a0 == 127
                || (a0 == 100 && a1 >= 64 && a1 <= 127) // carrier-grade NAT
                || (a0 == 169 && a1 == 254)
                || (a0 == 172 && a1 >= 16 && a1 <= 31)
                || (a0 == 192 && a1 == 168)
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking
                || a0 >= 224); // multicast, reserved, broadcast
    }

    private static boolean isPrefixZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
