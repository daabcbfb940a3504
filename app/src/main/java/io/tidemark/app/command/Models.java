package io.tidemark.app.command;

import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.model.TimeModelStore;
import io.tidemark.app.cli.UserError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/** Opens a session's model for a command, turning what can go wrong into one-line errors. */
final class Models {

    private Models() {
    }

    static TimeModel load(Path session, boolean refit) {
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
