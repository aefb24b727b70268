package io.planexec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The command line renders without Kafka: only its verbs talk to a cluster. */
class CliLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.planexec.cli");

    @Test
    void shouldRenderWithoutKafka() {
        noClasses()
                .that()
                .resideInAnyPackage("io.planexec.cli.render..", "io.planexec.cli.explain..", "io.planexec.cli.top..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..")
                .because("what the CLI prints is tested on values, without a broker")
                .check(CLASSES);
    }

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching("io.planexec.cli.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
