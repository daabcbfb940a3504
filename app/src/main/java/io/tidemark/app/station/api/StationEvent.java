package io.tidemark.app.station.api;

/** An event of the station, numbered in the order it happened, as {@code GET /api/events} lists it. */
public record StationEvent(long id, long utcNs, String kind, String detail) {
}
