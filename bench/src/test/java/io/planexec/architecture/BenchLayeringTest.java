package io.planexec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The harness behind {@code planexec bench} (which the CLI ships) needs nothing of the runs on a cluster of processes
 * (chaos, scale-out), which build on it.
 */
class BenchLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.planexec.bench");

    @Test
    void shouldKeepTheHarnessFreeOfTheClusterRuns() {
        noClasses()
                .that()
                .resideInAPackage("io.planexec.bench.harness..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.planexec.bench.chaos..", "io.planexec.bench.scale..", "io.planexec.bench.process..")
                .check(CLASSES);
    }

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching("io.planexec.bench.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
