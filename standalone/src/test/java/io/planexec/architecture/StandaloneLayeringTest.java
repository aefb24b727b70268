package io.planexec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The demo tools are written as any tool author's would be: against the tool API and the model only. */
class StandaloneLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.planexec");

    @Test
    void shouldWriteTheDemoToolsAgainstTheToolApiOnly() {
        noClasses()
                .that()
                .resideInAPackage("io.planexec.standalone.demo..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "io.planexec.executor.kafka..",
                        "io.planexec.executor.call..",
                        "io.planexec.executor.schedule..",
                        "io.planexec.planner..",
                        "io.planexec.kafka..")
                .because("they are the example a tool author copies (README, 'Your own tools beside planexec dev')")
                .check(CLASSES);
    }
}
