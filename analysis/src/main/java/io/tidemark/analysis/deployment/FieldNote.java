package io.tidemark.analysis.deployment;

/**
 * A field note: something a person noted about the deployment (for example "windshield refitted on
 * BOND6"), at a UTC instant.
 *
 * @param utcNs when it applies, UTC ns
 * @param host  the machine it was written on
 */
public record FieldNote(long utcNs, String text, String host) {
}
