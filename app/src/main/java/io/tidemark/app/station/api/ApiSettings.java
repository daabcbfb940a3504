package io.tidemark.app.station.api;

import java.nio.file.Path;

/**
 * Where the control API listens and who may change things: the {@code api} block of the station's
 * config ({@code bind}, {@code port}, {@code tokenFile}).
 *
 * @param tokenFile a file holding the bearer token every POST must carry; null for none (loopback only)
 */
public record ApiSettings(String bind, int port, Path tokenFile) {

    public static ApiSettings loopback(int port) {
        return new ApiSettings("127.0.0.1", port, null);
    }
}
