package io.tidemark.app.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only holds subcommands ({@code tidemark}, {@code ntp}, {@code ptp}, {@code sim}): alone, it prints its usage. */
public abstract class CommandGroup implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
