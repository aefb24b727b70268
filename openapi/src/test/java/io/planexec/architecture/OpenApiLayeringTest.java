package io.planexec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The OpenAPI tools reach the executor only through its toolbox: no Kafka, no consumer loops, no planner. */
class OpenApiLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.planexec.openapi");

    @Test
    void shouldServeOperationsThroughTheToolboxAlone() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "io.planexec.executor.kafka..",
                        "io.planexec.planner..",
                        "io.planexec.plan..")
                .because("an operation's tool is a tool like any other: registered in the toolbox, called by the"
                        + " executor (docs/architecture.md, Modules)")
                .check(CLASSES);
    }
}
