package io.tidemark.common;

/** The running Tidemark's version, from the jar manifest, or "0.1.0-dev" when run from classes. */
public final class SoftwareVersion {
    private SoftwareVersion() {
    }

    public static String get() {
        String v = SoftwareVersion.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }
}
