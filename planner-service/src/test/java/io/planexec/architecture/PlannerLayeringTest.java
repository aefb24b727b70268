package io.planexec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The planner service's layers (docs/architecture.md, "The planner"): the plan logic ({@code run}), the stored forms
 * ({@code state}) and the result ({@code result}) are independent of the Streams topology, which alone ({@code
 * topology}, with the service's lifecycle in {@code service}) speaks Kafka Streams' processor API.
 */
class PlannerLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.planexec.planner");

    @Test
    void shouldKeepThePlanLogicFreeOfKafka() {
        noClasses()
                .that()
                .resideInAnyPackage("io.planexec.planner.run..")
                .and()
                .doNotHaveSimpleName("PlanStateStore")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..")
                .because("a pass reads and writes plan state through PlanStateStore and sends through PassOutput,"
                        + " so it is tested without Kafka")
                .check(CLASSES);
    }

    @Test
    void shouldKeepTheStoredFormsTheResultAndTheMetersFreeOfKafka() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.planexec.planner.state..", "io.planexec.planner.result..", "io.planexec.planner.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..")
                .check(CLASSES);
    }

    @Test
    void shouldSpeakTheProcessorApiOnlyInTheTopologyAndTheService() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.planexec.planner.topology..", "io.planexec.planner.service..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka.streams.processor..", "org.apache.kafka.streams.kstream..")
                .check(CLASSES);
    }

    @Test
    void shouldReadAndWriteJsonOnlyThroughTheWireFormatAndTheStoredForms() {
        noClasses()
                .that()
                .resideInAnyPackage("io.planexec.planner..")
                .and()
                .resideOutsideOfPackages("io.planexec.planner.state..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson..")
                .because("every message's JSON has one home, io.planexec.wire; the planner's own stored forms are"
                        + " written by DefinitionCodec")
                .check(CLASSES);
    }

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching("io.planexec.planner.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
