package io.tidemark.app.cli;

import io.tidemark.common.TidemarkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** How failures reach the user: one line on stderr, a full trace only in the log. */
final class UserErrors {

    private static final Logger log = LoggerFactory.getLogger(UserErrors.class);
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    private UserErrors() {
    }

    static int handleExecution(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        TidemarkException ue = asUserError(e);
        if (ue != null) {
            cl.getErr().println("tidemark: " + ue.oneLine());
            log.debug("user error", e);
            return EXIT_USAGE;
        }
        log.error("unexpected failure", e);
        cl.getErr().println("tidemark: internal error: " + e + "; please report it with the log file");
        return EXIT_FAILURE;
    }

    static int handleParameter(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println("tidemark: " + e.getMessage() + "; see 'tidemark "
                + cl.getCommandSpec().qualifiedName(" ").replaceFirst("^tidemark ?", "") + " --help'");
        return EXIT_USAGE;
    }

    /** Recognises the user-fixable causes hidden inside other exceptions. */
    static TidemarkException asUserError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TidemarkException ue) {
                return ue;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException ad) {
                return new UserError("permission denied: " + ad.getFile(), "choose a folder you can write to");
            }
            if (t instanceof NoSuchFileException nf) {
                return new UserError("no such file or folder: " + nf.getFile(), "check the path");
            }
            if (t instanceof IOException io && io.getMessage() != null
                    && io.getMessage().contains("No space left on device")) {
                return new UserError("the disk is full", "free space or record to another disk");
            }
        }
        return null;
    }
}
