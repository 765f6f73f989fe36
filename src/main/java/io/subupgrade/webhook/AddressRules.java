package io.subupgrade.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a webhook may reach when private networks are not allowed (docs/design.md §12): only public
 * unicast ones. Refused: loopback, link-local (cloud metadata at 169.254.169.254 included), private (RFC 1918, IPv6
 * unique-local fc00::/7), carrier-grade NAT (100.64.0.0/10), "this network" (0.0.0.0/8), multicast, broadcast, and
 * every IPv6 form that embeds an IPv4 address when the address it embeds is one of those: IPv4-mapped
 * ({@code ::ffff:0:0/96}), IPv4-translated ({@code ::ffff:0:0:0/96}), NAT64 ({@code 64:ff9b::/96}), 6to4
 * ({@code 2002::/16}) and Teredo ({@code 2001::/32}, whose client address is stored inverted). Refused whatever they
 * embed: IPv4-compatible {@code ::a.b.c.d} (deprecated, routed nowhere) and local-use NAT64 {@code 64:ff9b:1::/48}.
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
            if (isPrefixZero(b, 12)) { // ::a.b.c.d (IPv4-compatible, deprecated, never routed) and ::
                return false;
            }
            if (isNat64(b) && !isPrefixZero(b, 4, 12)) {
                // 64:ff9b:1::/48 (RFC 8215, local-use NAT64: a translator of this network, the IPv4 address at a
                // place only its operator knows) and the rest of 64:ff9b::/32 outside the well-known /96
                return false;
            }
            byte[] embedded = embeddedIpv4(b);
            return embedded == null || isPublicV4(embedded);
        }
        return false;
    }

    /**
     * The IPv4 address an IPv6 address stands for, where the IPv6 form is one that reaches (or, behind a translator,
     * is turned into) that IPv4 address; null for an ordinary IPv6 address. A guard that judged only the IPv6 form
     * would let {@code 2002:7f00:1::1} through to 127.0.0.1.
     */
    static byte[] embeddedIpv4(byte[] b) {
        if (isPrefixZero(b, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return last32(b, false); // ::ffff:a.b.c.d, IPv4-mapped
        }
        if (isPrefixZero(b, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0) {
            return last32(b, false); // ::ffff:0:a.b.c.d, IPv4-translated (RFC 2765, SIIT)
        }
        if (isNat64(b)) {
            return last32(b, false); // 64:ff9b::a.b.c.d, NAT64 well-known prefix (RFC 6052)
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]}; // 2002:AABB:CCDD::/48, 6to4 (RFC 3056)
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
            return last32(b, true); // 2001:0::/32, Teredo (RFC 4380): the client's address, every bit inverted
        }
        return null;
    }

    private static boolean isNat64(byte[] b) {
        return b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    }

    private static byte[] last32(byte[] b, boolean inverted) {
        int mask = inverted ? 0xff : 0;
        return new byte[] {(byte) (b[12] ^ mask), (byte) (b[13] ^ mask), (byte) (b[14] ^ mask), (byte) (b[15] ^ mask)};
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
        return isPrefixZero(b, 0, n);
    }

    /** Whether bytes {@code from} (inclusive) to {@code to} (exclusive) are all zero. */
    private static boolean isPrefixZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
