package io.tidemark.analysis.integrity;

import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.store.TimestampStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Re-reads every audio file of a session or a deployment (a folder of sessions), or of a copy of it
 * (on a NAS, laid out the same), and compares the SHA-256 of its audio data with the one the recorder
 * took as it wrote the file. The digest covers the data chunk's bytes, not the header, because the
 * header is rewritten when the file closes; a damaged header shows as an unreadable file instead.
 */
public final class FileVerifier {

    private static final int READ_BYTES = 1 << 20;

    private FileVerifier() {
    }

    /** The session folders of {@code target}: itself when it is one, else its sub-folders that are, by name. */
    public static List<Path> sessions(Path target) throws IOException {
        if (Files.isRegularFile(target.resolve(TimestampStore.FILE_NAME))) {
            return List.of(target);
        }
        try (Stream<Path> children = Files.list(target)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(TimestampStore.FILE_NAME))).sorted().toList();
        }
    }

    /**
     * Checks every file of every session of {@code target}.
     *
     * @param copy           the copy's folder laid out as {@code target} (null: the files themselves)
     * @param bytesRead      told the bytes read so far, for progress
     */
    public static List<FileCheck> verify(Path target, Path copy, LongConsumer bytesRead) throws IOException, SQLException {
        List<Path> sessions = sessions(target);
        boolean single = sessions.size() == 1 && sessions.get(0).equals(target);
        List<FileCheck> out = new ArrayList<>();
        long[] total = {0};
        for (Path session : sessions) {
            List<FileRow> files;
            try (SessionReader db = SessionReader.open(session)) {
                files = db.files();
            }
            Path base = copy == null ? session : single ? copy : copy.resolve(session.getFileName());
            for (FileRow f : files) {
                // An overflow file is on record by absolute path; in a copy it is looked for in the session's
                // copied folder by its name (a copy gathers a session's files in one place).
                Path stored = Path.of(f.path());
                Path file = copy != null && stored.isAbsolute() ? base.resolve(stored.getFileName()) : base.resolve(stored);
                out.add(check(session.getFileName().toString(), f, file, n -> {
                    total[0] += n;
                    bytesRead.accept(total[0]);
                }));
            }
        }
        return out;
    }

    static FileCheck check(String session, FileRow row, Path file, LongConsumer read) {
        if (!Files.exists(file)) {
            return new FileCheck(session, row.path(), FileCheck.Status.MISSING, row.dataSha256(), null,
                    "no file at " + file);
        }
        String actual;
        long frames;
        try (BwfReader r = BwfReader.open(file)) {
            frames = r.frames();
            actual = dataSha256(r, read);
        } catch (IOException | RuntimeException e) {
            return new FileCheck(session, row.path(), FileCheck.Status.UNREADABLE, row.dataSha256(), null,
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
        }
        if (row.dataSha256() == null) {
            return new FileCheck(session, row.path(), FileCheck.Status.NO_DIGEST, null, actual,
                    "no digest on record (status " + row.status() + "): readable, " + frames + " frames");
        }
        if (!row.dataSha256().equals(actual)) {
            return new FileCheck(session, row.path(), FileCheck.Status.MISMATCH, row.dataSha256(), actual,
                    frames == row.frames() ? "the audio data differs from what was recorded"
                            : "holds " + frames + " frames where " + row.frames() + " were recorded");
        }
        return new FileCheck(session, row.path(), FileCheck.Status.MATCH, row.dataSha256(), actual,
                frames + " frames as recorded");
    }

    /** SHA-256 of the data chunk's bytes, read in 1 MiB blocks. */
    static String dataSha256(BwfReader r, LongConsumer read) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        long bytes = r.frames() * r.format().blockAlign();
        ByteBuffer buf = ByteBuffer.allocate(READ_BYTES);
        long pos = 0;
        while (pos < bytes) {
            buf.clear().limit((int) Math.min(READ_BYTES, bytes - pos));
            int n = r.readDataBytes(pos, buf);
            if (n < 0) {
                throw new IOException(r.file() + " ends inside its data");
            }
            pos += n;
            buf.flip();
            sha.update(buf);
            read.accept(n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
