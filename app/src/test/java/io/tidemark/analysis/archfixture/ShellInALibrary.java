package io.tidemark.analysis.archfixture;

/** A test fixture that breaks the rule on purpose: a library package that parses flags with picocli. */
@picocli.CommandLine.Command(name = "bad")
public final class ShellInALibrary {
    @picocli.CommandLine.Option(names = "--bad")
    boolean bad;
}
