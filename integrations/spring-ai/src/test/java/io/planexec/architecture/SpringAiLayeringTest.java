package io.planexec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Spring AI integration reaches planexec through the client alone. */
class SpringAiLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.planexec.springai");

    @Test
    void shouldUseTheClientAlone() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "io.planexec.executor..",
                        "io.planexec.planner..",
                        "io.planexec.plan..",
                        "io.planexec.wire..")
                .because("an agent framework's integration is a user of planexec's public APIs (docs/architecture.md,"
                        + " Modules)")
                .check(CLASSES);
    }
}
