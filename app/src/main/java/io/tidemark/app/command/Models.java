package io.tidemark.app.command;

import io.tidemark.analysis.model.AbsoluteCorrection;
import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.app.cli.UserError;
import io.tidemark.recorder.store.SessionReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/** Opens a session's model for a command, turning what can go wrong into one-line errors. */
public final class Models {

    private Models() {
    }

    public static TimeModel load(Path session, boolean refit) {
        return load(session, refit, null);
    }

    /**
     * The session's model with its absolute times corrected: by its own reference marks (stored by
     * 'tidemark marks'), else by the calibration file when one is given, else as fitted (latencySource none).
     */
    public static TimeModel load(Path session, boolean refit, Path calibrationOrNull) {
        TimeModel m = fitted(session, refit);
        try (SessionReader r = SessionReader.open(session)) {
            AbsoluteCorrection c = AbsoluteCorrection.forSession(r, session, m.model(), calibrationOrNull);
            return c == AbsoluteCorrection.NONE ? m : m.withCorrection(c);
        } catch (SQLException e) {
            throw new UserError("cannot read the session database in " + session + ": " + e.getMessage(),
                    "check that it is a Tidemark session folder");
        }
    }

    /** The stamp model as fitted (stored or fresh), without any correction. */
    public static TimeModel fitted(Path session, boolean refit) {
        if (!Files.isDirectory(session)) {
            throw new UserError("no session folder at " + session, "give the folder that holds session.db");
        }
        try {
            return TimeModelStore.loadOrFit(session, refit, n -> {
                if (n > 0) {
                    System.err.printf("fitting the time model: %,d buffers read%n", n);
                }
            });
        } catch (SQLException e) {
            throw new UserError("cannot read the session database in " + session + ": " + e.getMessage(),
                    "check that it is a Tidemark session folder");
        }
    }
}
