package io.planexec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The model and the pure planner stay free of I/O libraries: they import neither Kafka nor Jackson. */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.planexec");

    @Test
    void shouldKeepThePlannerAndTheModelFreeOfKafkaAndJackson() {
        noClasses()
                .that()
                .resideInAnyPackage("io.planexec.plan..", "io.planexec.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "com.fasterxml.jackson..")
                .because("the planner is pure: no I/O, no wire format (docs/architecture.md)")
                .check(CLASSES);
    }

    @Test
    void shouldKeepTheModelIndependentOfThePlannerAndTheWireFormat() {
        noClasses()
                .that()
                .resideInAPackage("io.planexec.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.planexec.plan..", "io.planexec.wire..", "io.planexec.topics..")
                .check(CLASSES);
    }
}
