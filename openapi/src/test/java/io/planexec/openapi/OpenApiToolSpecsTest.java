package io.planexec.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.model.AgentRequest;
import io.planexec.model.Dialect;
import io.planexec.model.PlanStep;
import io.planexec.model.RequestOptions;
import io.planexec.model.SpecOverride;
import io.planexec.model.ToolSpec;
import io.planexec.plan.Plan;
import io.planexec.plan.Planner;
import io.planexec.plan.ToolCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The table of docs/tools.md: what an operation's method and path make of its spec, on the classic Petstore. */
class OpenApiToolSpecsTest {

    private static final Map<String, ToolSpec> SPECS =
            OpenApiDocuments.read(Path.of("src/test/resources/petstore.yaml")
                            .toAbsolutePath()
                            .toString())
                    .operations()
                    .stream()
                    .filter(op -> op.operationId() != null)
                    .map(op -> OpenApiToolSpecs.spec("petstore", op, SpecOverride.NONE))
                    .collect(Collectors.toMap(ToolSpec::name, Function.identity()));

    @Test
    void shouldServeEveryOperationWithAnIdUnderTheServicesName() {
        assertThat(SPECS.keySet())
                .containsExactlyInAnyOrder(
                        "petstore__listPets",
                        "petstore__createPets",
                        "petstore__showPetById",
                        "petstore__updatePet",
                        "petstore__deletePet");
    }

    @Test
    void shouldReadThePathAndEverythingUnderItIdempotentlyForAGet() {
        ToolSpec list = SPECS.get("petstore__listPets");
        assertThat(list.reads()).containsExactly("petstore:/pets*");
        assertThat(list.writes()).isEmpty();
        assertThat(list.idempotent()).isTrue();
        assertThat(SPECS.get("petstore__showPetById").reads()).containsExactly("petstore:/pets/{petId}*");
    }

    @Test
    void shouldWriteThePathIdempotentlyForAPutOrADeleteAndOnceOnlyForAPost() {
        assertThat(SPECS.get("petstore__updatePet").writes()).containsExactly("petstore:/pets/{petId}");
        assertThat(SPECS.get("petstore__updatePet").idempotent()).isTrue();
        assertThat(SPECS.get("petstore__deletePet").idempotent()).isTrue();
        assertThat(SPECS.get("petstore__createPets").writes()).containsExactly("petstore:/pets");
        assertThat(SPECS.get("petstore__createPets").idempotent()).isFalse();
    }

    @Test
    void shouldTakeTheParametersAndTheBodyAsArgumentsWithTheirSchemas() {
        Map<String, Object> list = SPECS.get("petstore__listPets").parameters();
        assertThat(list).containsEntry("type", "object").doesNotContainKey("required");
        assertThat(property(list, "limit"))
                .containsEntry("type", "integer")
                .containsEntry("maximum", 100)
                .containsEntry("description", "How many items to return at one time (max 100)");

        Map<String, Object> create = SPECS.get("petstore__createPets").parameters();
        assertThat(create).containsEntry("required", List.of("body"));
        assertThat(property(create, "body")).containsEntry("type", "object").containsEntry("required", List.of("name"));

        Map<String, Object> update = SPECS.get("petstore__updatePet").parameters();
        assertThat(update).containsEntry("required", List.of("petId", "body"));
        assertThat(SPECS.get("petstore__listPets").description()).isEqualTo("List all pets");
    }

    @Test
    void shouldOrderTheCallsOfAPlanByWhatTheyTouch() {
        // Given: create a pet, show pet 1, delete pet 2, then list the pets
        Plan plan = (Plan) new Planner()
                .plan(
                        new AgentRequest(
                                "p",
                                null,
                                Dialect.STEPS,
                                List.of(
                                        PlanStep.of(
                                                "create",
                                                "petstore__createPets",
                                                Map.of("body", Map.of("name", "Rex"))),
                                        PlanStep.of("show", "petstore__showPetById", Map.of("petId", "1")),
                                        PlanStep.of("delete", "petstore__deletePet", Map.of("petId", "2")),
                                        PlanStep.of("list", "petstore__listPets", Map.of())),
                                RequestOptions.DEFAULTS),
                        ToolCatalog.of(SPECS.values()));

        // Then the listing waits for the create and the delete; the rest run at once
        assertThat(plan.edges().stream().map(e -> e.from() + "->" + e.to()).toList())
                .containsExactlyInAnyOrder("create->list", "delete->list");
    }

    @Test
    void shouldMakeAPrefixOfAPathParameterNoTemplateCanHold() {
        assertThat(OpenApiToolSpecs.resource("shop", "/orders/{order-id}/items"))
                .isEqualTo("shop:/orders/*");
        assertThat(OpenApiToolSpecs.resource("shop", "/orders/{orderId}/items"))
                .isEqualTo("shop:/orders/{orderId}/items");
    }

    @Test
    void shouldTakeTheOverridesAndRefuseATooLongName() {
        HttpOperation op = new HttpOperation("createPets", "POST", "/pets", "Create", List.of(), null);
        SpecOverride override =
                new SpecOverride(null, null, List.of("pets:{name}"), true, 2, null, null, null, null, null, null);

        ToolSpec spec = OpenApiToolSpecs.spec("petstore", op, override);

        assertThat(spec.writes()).containsExactly("pets:{name}");
        assertThat(spec.idempotent()).isTrue();
        assertThat(spec.concurrencyCap()).isEqualTo(2);
        assertThatThrownBy(() -> OpenApiToolSpecs.spec(
                        "s".repeat(30),
                        new HttpOperation("x".repeat(40), "GET", "/", "", List.of(), null),
                        SpecOverride.NONE))
                .hasMessageContaining("is longer than 64 characters");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(Map<String, Object> schema, String name) {
        return (Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get(name);
    }
}
