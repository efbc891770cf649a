package org.touchpoint.gateway.apikey;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CidrTest {

    @Test
    void ipv4AndIpv6BlocksContainTheirAddressesOnly() throws Exception {
        Cidr office = Cidr.parse("203.0.113.0/24");
        assertThat(office.contains(InetAddress.getByName("203.0.113.77"))).isTrue();
        assertThat(office.contains(InetAddress.getByName("203.0.114.1"))).isFalse();
        assertThat(Cidr.parse("10.0.0.0/9").contains(InetAddress.getByName("10.127.255.255"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/9").contains(InetAddress.getByName("10.128.0.0"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db9::5"))).isFalse();
        assertThat(Cidr.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("198.51.100.1"))).isTrue();
        assertThat(office.contains(InetAddress.getByName("2001:db8::1"))).isFalse();
    }

    @Test
    void hostNamesAndMalformedBlocksAreNotAccepted() {
        assertThat(Cidr.tryParse("office.example.com")).isEmpty();
        assertThat(Cidr.tryParse("10.0.0.0/33")).isEmpty();
        assertThat(Cidr.tryParse("10.0.0/8")).isEmpty();
        assertThat(Cidr.tryParse("")).isEmpty();
        assertThat(Cidr.tryParse("::1/129")).isEmpty();
        assertThat(Cidr.tryParse(" 192.0.2.0/24 ")).isPresent();
    }
}
