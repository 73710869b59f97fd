package com.smeplug.integrations.connections;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.smeplug.platform.http.ApiException;

/**
 * The SSRF guard for URLs a tenant gives us (its SAP system): {@code https} only, no user info, and every address the
 * host resolves to must be public — no loopback, private (RFC 1918, IPv6 unique-local), link-local (the cloud
 * metadata endpoint 169.254.169.254), any-local, multicast or CGNAT address. Hosts in {@code allowedHosts}
 * ({@code CONNECTIONS_ALLOWED_HOSTS}, set only by tests and the local stack, unset when deployed) skip the address
 * and scheme checks, so local fakes on 127.0.0.1 over http can stand in for SAP.
 */
final class OutboundUrls {

    private final Set<String> allowedHosts;

    OutboundUrls(Set<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    static OutboundUrls fromSetting(String commaSeparated) {
        return new OutboundUrls(commaSeparated == null || commaSeparated.isBlank() ? Set.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet()));
    }

    /** The URL without a trailing slash, or a 400 naming {@code field} and what is wrong. */
    String check(String field, String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        }
        catch (URISyntaxException e) {
            throw ApiException.invalid(field + " is not a valid URL");
        }
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw ApiException.invalid(field + " must be a plain https://host[:port][/path] URL");
        }
        String normalised = uri.toString().endsWith("/") ? uri.toString().substring(0, uri.toString().length() - 1)
                : uri.toString();
        if (allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            if (!uri.getScheme().equals("https") && !uri.getScheme().equals("http")) {
                throw ApiException.invalid(field + " must be an http(s) URL");
            }
            return normalised;
        }
        if (!"https".equals(uri.getScheme())) {
            throw ApiException.invalid(field + " must use https");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        }
        catch (UnknownHostException e) {
            throw new ApiException(422, "sap_validation_failed", field + " names a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw ApiException.invalid(field + " must name a public host; " + host
                        + " resolves to a private, loopback or link-local address");
            }
        }
        return normalised;
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            boolean mappedV4 = isMappedV4(b);
            if (uniqueLocal) {
                return false;
            }
            if (mappedV4) {
                try {
                    return isPublic(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
                }
                catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        boolean carrierGradeNat = first == 100 && second >= 64 && second <= 127;
        boolean thisNetwork = first == 0;
        boolean reserved = first >= 240;
        return !carrierGradeNat && !thisNetwork && !reserved;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
