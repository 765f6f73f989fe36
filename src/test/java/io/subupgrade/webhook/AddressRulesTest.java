package io.subupgrade.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressRulesTest {
    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, false",
        "127.1.2.3, false",
        "10.1.2.3, false",
        "172.16.0.1, false",
        "172.31.255.255, false",
        "172.32.0.1, true",
        "192.168.1.1, false",
        "169.254.169.254, false",
        "100.64.0.1, false",
        "100.128.0.1, true",
        "0.0.0.0, false",
        "224.0.0.1, false",
        "255.255.255.255, false",
        "198.18.0.1, false",
        "8.8.8.8, true",
        "93.184.216.34, true",
        "::1, false",
        "::, false",
        "fe80::1, false",
        "fc00::1, false",
        "fd12:3456::1, false",
        "::ffff:127.0.0.1, false",
        "::ffff:10.0.0.1, false",
        "::ffff:8.8.8.8, true",
        "64:ff9b::a9fe:a9fe, false",
        "2001:4860:4860::8888, true",
        "ff02::1, false",
        // IPv4-mapped and IPv4-compatible (::a.b.c.d, deprecated and never routed: refused whatever it embeds)
        "::ffff:169.254.169.254, false",
        "::ffff:100.64.0.1, false",
        "::127.0.0.1, false",
        "::8.8.8.8, false",
        // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765): judged by the embedded address
        "::ffff:0:7f00:1, false",
        "::ffff:0:a00:1, false",
        "::ffff:0:a9fe:a9fe, false",
        "::ffff:0:808:808, true",
        // 6to4 2002:AABB:CCDD::/48 embeds AA.BB.CC.DD
        "2002:7f00:1::1, false",
        "2002:a00:1::1, false",
        "2002:c0a8:101::1, false",
        "2002:a9fe:a9fe:1::1, false",
        "2002:0:0::1, false",
        "2002:808:808::1, true",
        // Teredo 2001:0::/32: the client's address is the last 32 bits, inverted
        "2001:0:4136:e378:8000:63bf:80ff:fffe, false", // client 127.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe, false", // client 10.0.0.1
        "2001:0:4136:e378:8000:63bf:5601:2b21, false", // client 169.254.212.222
        "2001:0:4136:e378:8000:63bf:f7f7:f7f7, true", // client 8.8.8.8
        // NAT64 of a private address, and the local-use NAT64 prefix 64:ff9b:1::/48 (RFC 8215)
        "64:ff9b::a00:1, false",
        "64:ff9b::808:808, true",
        "64:ff9b:1::808:808, false",
        // An address next to those forms is an ordinary public one
        "2001:1::1, true",
        "2003::1, true"
    })
    void onlyPublicUnicastAddressesAreReachable(String address, boolean reachable) throws Exception {
        assertEquals(reachable, AddressRules.isPublic(InetAddress.getByName(address)), address);
    }

    /** InetAddress.getByName turns ::ffff:a.b.c.d into an Inet4Address; a resolver may hand over the IPv6 form. */
    @ParameterizedTest
    @CsvSource({"127.0.0.1, false", "10.0.0.1, false", "169.254.169.254, false", "8.8.8.8, true"})
    void anIpv4MappedAddressKeptAsIpv6IsJudgedByItsIpv4(String ipv4, boolean reachable) throws Exception {
        byte[] v4 = InetAddress.getByName(ipv4).getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(v4, 0, mapped, 12, 4);
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertEquals(Inet6Address.class, address.getClass(), "kept as IPv6");
        assertEquals(reachable, AddressRules.isPublic(address), ipv4);
    }
}
