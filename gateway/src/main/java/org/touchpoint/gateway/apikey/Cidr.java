package org.touchpoint.gateway.apikey;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** An IPv4 or IPv6 address block ({@code 203.0.113.0/24}, {@code 2001:db8::/32}, or one address). */
record Cidr(byte[] network, int prefixLength) {

    private static final ConcurrentMap<String, Cidr> PARSED = new ConcurrentHashMap<>();

    /** A literal address or block; never a host name (no DNS lookup ever happens here). */
    static Optional<Cidr> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        if (address.isEmpty() || !address.matches("[0-9a-fA-F:.]+") || !(address.contains(".") || address.contains(":"))) {
            return Optional.empty();
        }
        if (!address.contains(":") && address.split("\\.", -1).length != 4) {
            return Optional.empty(); // only dotted quads: the JDK would also read "10.0.0" as an address
        }
        try {
            byte[] bytes = InetAddress.ofLiteral(address).getAddress();
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                prefix = Integer.parseInt(value.substring(slash + 1));
                if (prefix < 0 || prefix > bytes.length * 8) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Cidr(bytes, prefix));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A block known to be valid (validated when the key was created); parsed once per distinct text. */
    static Cidr parse(String text) {
        return PARSED.computeIfAbsent(text, t -> tryParse(t)
                .orElseThrow(() -> new IllegalArgumentException("not a CIDR block: " + t)));
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            candidate = mapped(candidate, network.length);
            if (candidate == null) {
                return false;
            }
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (candidate[full] & mask) == (network[full] & mask);
    }

    /** An IPv4-mapped IPv6 address compared with an IPv4 block, or the other way round. */
    private static byte[] mapped(byte[] candidate, int length) {
        try {
            if (candidate.length == 16 && length == 4) {
                InetAddress v4 = InetAddress.getByAddress(candidate);
                return v4.getAddress().length == 4 ? v4.getAddress() : null;
            }
        }
        catch (UnknownHostException e) {
            return null;
        }
        return null;
    }
}
