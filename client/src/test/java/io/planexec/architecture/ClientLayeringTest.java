package io.planexec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The agents' client needs a Kafka client and the wire format, nothing of the services. */
class ClientLayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.planexec.client");

    @Test
    void shouldUseKafkaClientsAndTheWireFormatOnly() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka.streams..", "com.fasterxml.jackson..", "io.planexec.plan..")
                .because("an agent's process reads and writes messages through io.planexec.wire and plans nothing")
                .check(CLASSES);
    }
}
