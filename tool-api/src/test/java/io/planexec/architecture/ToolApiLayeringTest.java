package io.planexec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** What a tool author compiles against leaks no library of the executor's: no Kafka, no Jackson, no Micrometer. */
class ToolApiLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.planexec.executor.tool");

    @Test
    void shouldKeepTheToolApiFreeOfTheExecutorsLibraries() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "com.fasterxml.jackson..", "io.micrometer..")
                .because("a tool's jar depends on planexec-tool-api alone (docs/architecture.md, Modules)")
                .check(CLASSES);
    }
}
