package io.tidemark.recorder.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's boot id (Linux: a random UUID chosen at each boot). Stored with each session so that a
 * session that ended without a stop can be told apart: the next session has the same boot id after a
 * crash of the process, another one after a power cut or reboot.
 */
public final class BootId {

    private static final Path LINUX = Path.of("/proc/sys/kernel/random/boot_id");

    private BootId() {
    }

    /** This boot's id, or null where the platform has none. */
    public static String current() {
        try {
            return Files.isReadable(LINUX) ? Files.readString(LINUX).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
