package io.tidemark.sync.ntp;

/**
 * An NTP server as configured: host name or address, and UDP port. Resolution happens in the
 * transport, so the simulated world can use names that resolve nowhere.
 */
public record NtpServerAddress(String host, int port) {

    public static final int DEFAULT_PORT = 123;

    public NtpServerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("NTP server host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("NTP server port must be 1..65535, not " + port);
        }
    }

    /** Parses "host", "host:port", "1.2.3.4:123", "[::1]:123" or "::1". */
    public static NtpServerAddress parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("NTP server is empty");
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': missing ']'");
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                return new NtpServerAddress(host, DEFAULT_PORT);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "': expected ':PORT' after ']'");
            }
            return new NtpServerAddress(host, parsePort(text, rest.substring(1)));
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && colon == s.lastIndexOf(':')) {
            return new NtpServerAddress(s.substring(0, colon), parsePort(text, s.substring(colon + 1)));
        }
        return new NtpServerAddress(s, DEFAULT_PORT); // a name, IPv4, or a bare IPv6 address
    }

    private static int parsePort(String text, String port) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': port '" + port + "' is not a number");
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
