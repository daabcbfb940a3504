package io.tidemark.app.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tidemark.common.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the simulated-time station tests share: a loopback webhook that keeps every alert, and a run to a simulated length. */
final class SimulatedStationRun {

    private SimulatedStationRun() {
    }

    /** A loopback webhook at {@code /hook}; {@link #alerts} holds what it received. */
    static final class Webhook implements AutoCloseable {
        final List<JsonNode> alerts = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Webhook() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hook", x -> {
                alerts.add(Json.MAPPER.readTree(x.getRequestBody().readAllBytes()));
                x.sendResponseHeaders(204, -1);
                x.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * Opens the station and records until it has recorded {@code runNs} of (simulated) time, then shuts it down;
     * a failure of its run is rethrown with the notices so far.
     */
    static void run(StationService station, long runNs, List<String> notices) throws InterruptedException {
        station.open();
        Throwable[] failed = {null};
        Thread runner = new Thread(() -> {
            try {
                station.run();
            } catch (Throwable t) {
                failed[0] = t;
            }
        });
        runner.start();
        while (runner.isAlive() && station.status().elapsedNs() < runNs) {
            Thread.sleep(2);
        }
        station.shutdown();
        runner.join(60_000);
        if (failed[0] != null) {
            throw new AssertionError("station failed; notices: " + notices, failed[0]);
        }
    }
}
