package io.planexec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The executor's layers (docs/architecture.md, "The executor"): scheduling, offsets, calls, tools and meters are pure
 * and unit-tested; only the consumer loop ({@code kafka}) and the node that wires it ({@code io.planexec.executor})
 * speak to Kafka.
 */
class ExecutorLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.planexec.executor");

    @Test
    void shouldKeepSchedulingOffsetsCallsToolsAndMetersFreeOfKafkaClients() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.planexec.executor.schedule..",
                        "io.planexec.executor.offsets..",
                        "io.planexec.executor.call..",
                        "io.planexec.executor.tool..",
                        "io.planexec.executor.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..")
                .because("they are tested without a broker or mock clients")
                .check(CLASSES);
    }

    @Test
    void shouldKeepJsonInTheWireFormat() {
        noClasses()
                .that()
                .resideInAnyPackage("io.planexec.executor..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson..")
                .because("every message's JSON has one home, io.planexec.wire")
                .check(CLASSES);
    }

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching("io.planexec.executor.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }
}
