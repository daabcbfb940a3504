package io.tidemark.recorder.cli;

/** The running Tidemark's version, from the jar manifest, or "dev" when run from classes. */
public final class SoftwareVersion {
    private SoftwareVersion() {
    }

    public static String get() {
        String v = Tidemark.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }
}
