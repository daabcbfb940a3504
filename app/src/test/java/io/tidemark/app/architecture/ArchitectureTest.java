package io.tidemark.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.tidemark.analysis.archfixture.ShellInALibrary;
import io.tidemark.analysis.archfixture.cycle.a.CycleA;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module graph's rules that Maven cannot see: the libraries below {@code app} know nothing of the
 * shell, and no module has a package cycle. Fails the build when a rule breaks.
 */
class ArchitectureTest {

    /** sync-core, recorder and analysis: every package that is not the shell. */
    static final String[] LIBRARIES = {"io.tidemark.common..", "io.tidemark.sync..", "io.tidemark.recorder..",
            "io.tidemark.analysis.."};

    static final ArchRule LIBRARIES_KNOW_NO_SHELL = noClasses().that().resideInAnyPackage(LIBRARIES)
            .should().dependOnClassesThat().resideInAnyPackage("picocli..", "io.tidemark.app..")
            .because("recorder and analysis are pipeline libraries; the shell alone parses flags and prints");

    /** Each package is a slice: a cycle between any two packages of the product fails. */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.tidemark.(**)").should().beFreeOfCycles();

    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // the modules' test fixtures
            .importPackages("io.tidemark");

    @Test
    void theProductIsImportedFromEveryModule() {
        for (String pkg : new String[]{"io.tidemark.common", "io.tidemark.sync.ntp", "io.tidemark.recorder.store",
                "io.tidemark.analysis.model", "io.tidemark.app"}) {
            assertTrue(PRODUCT.containPackage(pkg), pkg + " was not imported, so the rules would check nothing");
        }
    }

    @Test
    void librariesImportNeitherPicocliNorTheShell() {
        LIBRARIES_KNOW_NO_SHELL.check(PRODUCT);
    }

    @Test
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(PRODUCT);
    }

    @Test
    void theRulesCatchWhatTheyForbid() {
        JavaClasses bad = new ClassFileImporter().importPackagesOf(ShellInALibrary.class, CycleA.class);
        assertTrue(LIBRARIES_KNOW_NO_SHELL.evaluate(bad).hasViolation(), "a library class that uses picocli");
        var cycles = NO_PACKAGE_CYCLES.evaluate(bad);
        assertTrue(cycles.hasViolation(), "two packages that import each other");
        assertEquals(1, cycles.getFailureReport().getDetails().stream().filter(d -> d.contains("Cycle detected")).count(),
                cycles.getFailureReport().toString());
    }
}
