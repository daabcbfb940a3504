package io.tidemark.analysis.deployment;

import io.tidemark.recorder.store.FileRow;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The index entries of one session's files: each file's first and last sample in UTC, with the
 * uncertainty and the source of those times, its digest and status.
 */
public final class FileIndex {

    private FileIndex() {
    }

    /** The entries of {@code files} (a session's files table), times from {@code times}. */
    static List<IndexEntry> of(String sessionId, List<FileRow> files, SessionTimes times) throws SQLException {
        List<IndexEntry> out = new ArrayList<>(files.size());
        for (FileRow f : files) {
            long first = f.firstSampleIndex();
            long last = first + Math.max(0, f.frames() - 1);
            long firstUtc = times.utcNsAt(first);
            long lastUtc = f.frames() == 0 ? firstUtc : times.utcNsAt(last);
            long uncertainty = Math.max(times.uncertaintyNs(first), times.uncertaintyNs(last));
            out.add(new IndexEntry(sessionId, f.path(), first, f.frames(), firstUtc, lastUtc, uncertainty,
                    times.source(), f.dataSha256(), f.status()));
        }
        return out;
    }
}
