package io.planexec.plan;

import static io.planexec.plan.Fixtures.artifact;
import static io.planexec.plan.Fixtures.catalog;
import static io.planexec.plan.Fixtures.consumes;
import static io.planexec.plan.Fixtures.dependsOn;
import static io.planexec.plan.Fixtures.noSpec;
import static io.planexec.plan.Fixtures.pairs;
import static io.planexec.plan.Fixtures.plan;
import static io.planexec.plan.Fixtures.produces;
import static io.planexec.plan.Fixtures.pure;
import static io.planexec.plan.Fixtures.reader;
import static io.planexec.plan.Fixtures.reasons;
import static io.planexec.plan.Fixtures.ref;
import static io.planexec.plan.Fixtures.reject;
import static io.planexec.plan.Fixtures.step;
import static io.planexec.plan.Fixtures.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.model.LatencyClass;
import io.planexec.model.PlanError;
import io.planexec.model.PlanStep;
import io.planexec.model.ResourceTemplate.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every dependency rule and every rejection of {@link Planner}, with the messages users see. */
class PlannerTest {

    private static final ToolCatalog TOOLS = catalog(
            pure("work", LatencyClass.FAST),
            pure("slow_work", LatencyClass.SLOW),
            reader("list_users", "database:users"),
            writer("create_user", "database:users"),
            writer("write_file", "file:{path}"),
            reader("read_file", "file:{path}"),
            Fixtures.tool("copy_file", List.of("file:{from}"), List.of("file:{to}")),
            noSpec("unspecified"));

    @Nested
    class ExplicitDependencies {

        @Test
        void shouldOrderAStepAfterTheStepsItListsInDependsOn() {
            // Given / When
            Plan plan = plan(TOOLS, step("a", "work"), step("b", "work"), dependsOn("c", "work", "a", "b"));

            // Then
            assertThat(pairs(plan)).containsExactly("a->c", "b->c");
            assertThat(reasons(plan, "a", "c")).containsExactly("explicit: c lists a in depends_on");
            assertThat(plan.predecessors("c")).allMatch(Edge::isDataFlow);
        }

        @Test
        void shouldHonourADependencyOnALaterStep() {
            Plan plan = plan(TOOLS, dependsOn("a", "work", "b"), step("b", "work"));

            assertThat(pairs(plan)).containsExactly("b->a");
            assertThat(plan.order()).containsExactly("b", "a");
        }

        @Test
        void shouldMergeRepeatedDependenciesIntoOneEdge() {
            Plan plan = plan(TOOLS, step("a", "work"), dependsOn("b", "work", "a", "a"));

            assertThat(plan.edges()).hasSize(1);
            assertThat(plan.edges().get(0).reasons()).hasSize(1);
        }
    }

    @Nested
    class DataFlow {

        @Test
        void shouldOrderAStepAfterTheStepWhoseOutputItReferences() {
            Plan plan = plan(
                    TOOLS,
                    step("a", "work"),
                    step("b", "work", Map.of("user", Map.of("id", ref("a", "/id")), "items", List.of(1, ref("a")))));

            assertThat(reasons(plan, "a", "b"))
                    .containsExactlyInAnyOrder(
                            "ref: b uses the output of a (args.user.id)",
                            "ref: b uses the output of a (args.items[1])");
            assertThat(plan.edges().get(0).isDataFlow()).isTrue();
        }

        @Test
        void shouldOrderAConsumerAfterTheProducerOfItsArtifact() {
            Plan plan = plan(
                    TOOLS,
                    produces("fetch", "work", "users"),
                    consumes("export", "work", "users"),
                    step("show", "work", Map.of("data", artifact("users"))));

            assertThat(pairs(plan)).containsExactly("fetch->export", "fetch->show");
            assertThat(reasons(plan, "fetch", "export"))
                    .containsExactly("artifact: export consumes artifact 'users' produced by fetch");
            assertThat(reasons(plan, "fetch", "show"))
                    .containsExactly("artifact: show consumes artifact 'users' produced by fetch");
            assertThat(plan.producerOf("users")).isEqualTo("fetch");
            assertThat(plan.producerOf("nothing")).isNull();
        }

        @Test
        void shouldLetDataFlowWinOverRequestOrderForConflictingSteps() {
            // Given: the consumer is listed first, and both write the same resource
            ToolCatalog tools = catalog(writer("save", "database:users"));

            // When
            Plan plan = plan(
                    tools,
                    step("consumer", "save", Map.of("users", artifact("users")), List.of(), List.of(), List.of()),
                    step("producer", "save", Map.of(), List.of(), List.of("users"), List.of()));

            // Then: one edge, producer first, carrying both reasons; no cycle
            assertThat(plan.order()).containsExactly("producer", "consumer");
            assertThat(reasons(plan, "producer", "consumer"))
                    .containsExactly(
                            "artifact: consumer consumes artifact 'users' produced by producer",
                            "resource: both write database:users");
        }

        @Test
        void shouldApplyResourceRulesInDataFlowOrder() {
            // Given: the reader is listed first but needs the output of the writer's successor
            Plan plan = plan(
                    TOOLS,
                    step("list", "list_users", Map.of("after", ref("done"))),
                    step("create", "create_user"),
                    dependsOn("done", "work", "create"));

            // Then: create runs before list (it comes first in the order that data flow allows)
            assertThat(plan.order()).containsExactly("create", "done", "list");
            assertThat(reasons(plan, "create", "list"))
                    .containsExactly("resource: create writes database:users, list reads it");
        }
    }

    @Nested
    class ResourceConflicts {

        @Test
        void shouldOrderTwoWritersOfAResource() {
            Plan plan = plan(TOOLS, step("a", "create_user"), step("b", "create_user"));

            assertThat(reasons(plan, "a", "b")).containsExactly("resource: both write database:users");
            assertThat(plan.edges().get(0).isDataFlow()).isFalse();
        }

        @Test
        void shouldOrderAReaderAfterAnEarlierWriter() {
            Plan plan = plan(TOOLS, step("a", "create_user"), step("b", "list_users"));

            assertThat(reasons(plan, "a", "b")).containsExactly("resource: a writes database:users, b reads it");
        }

        @Test
        void shouldOrderAWriterAfterAnEarlierReader() {
            Plan plan = plan(TOOLS, step("a", "list_users"), step("b", "create_user"));

            assertThat(reasons(plan, "a", "b")).containsExactly("resource: a reads database:users, b writes it");
        }

        @Test
        void shouldNeverOrderReadersAmongThemselves() {
            Plan plan = plan(TOOLS, step("a", "list_users"), step("b", "list_users"), step("c", "list_users"));

            assertThat(plan.edges()).isEmpty();
            assertThat(plan.analysis().levels()).containsExactly(List.of("a", "b", "c"));
        }

        @Test
        void shouldNotOrderStepsThatTouchDifferentResources() {
            Plan plan = plan(TOOLS, step("a", "create_user"), step("b", "write_file", Map.of("path", "a.txt")));

            assertThat(plan.edges()).isEmpty();
        }

        @Test
        void shouldNotOrderStepsThatTouchNothing() {
            Plan plan = plan(TOOLS, step("a", "work"), step("b", "work"), step("c", "slow_work"));

            assertThat(plan.edges()).isEmpty();
            assertThat(plan.analysis().maxWidth()).isEqualTo(3);
        }
    }

    @Nested
    class ResourceTemplates {

        @Test
        void shouldResolveATemplateFromTheStepsArguments() {
            Plan plan = plan(
                    TOOLS,
                    step("a", "write_file", Map.of("path", "a.txt")),
                    step("b", "write_file", Map.of("path", "b.txt")),
                    step("c", "read_file", Map.of("path", "a.txt")));

            assertThat(plan.step("a").writes()).containsExactly(Resource.exact("file:a.txt"));
            assertThat(pairs(plan)).containsExactly("a->c");
            assertThat(reasons(plan, "a", "c")).containsExactly("resource: a writes file:a.txt, c reads it");
        }

        @Test
        void shouldResolveATemplateFromALiteralArgument() {
            Plan plan = plan(
                    TOOLS,
                    step("a", "write_file", Map.of("path", Map.of("$literal", "a.txt"))),
                    step("b", "write_file", Map.of("path", "b.txt")));

            assertThat(plan.step("a").writes()).containsExactly(Resource.exact("file:a.txt"));
            assertThat(pairs(plan)).isEmpty();
        }

        @Test
        void shouldResolveAScalarArgumentThatIsNotAString() {
            Plan plan = plan(TOOLS, step("a", "write_file", Map.of("path", 7)));

            assertThat(plan.step("a").writes()).containsExactly(Resource.exact("file:7"));
        }

        @Test
        void shouldTouchEveryResourceUnderThePrefixWhenTheArgumentIsMissing() {
            Plan plan = plan(
                    TOOLS,
                    step("a", "write_file", Map.of("path", "a.txt")),
                    step("b", "write_file"),
                    step("c", "write_file", Map.of("path", "c.txt")));

            assertThat(plan.step("b").writes()).containsExactly(Resource.prefix("file:"));
            assertThat(pairs(plan)).containsExactly("a->b", "b->c");
            assertThat(reasons(plan, "a", "b")).containsExactly("resource: both write file:a.txt / file:*");
            assertThat(reasons(plan, "b", "c")).containsExactly("resource: both write file:* / file:c.txt");
        }

        @Test
        void shouldOrderADirectoryReaderAfterTheWritesUnderItsDirectoryAlone() {
            // Given a tool that lists a directory, reading every resource under it (a trailing '*')
            ToolCatalog tools = catalog(writer("write_file", "file:{path}"), reader("list_dir", "file:{path}/*"));

            // When it lists notes/ after writes inside and outside it
            Plan plan = plan(
                    tools,
                    step("a", "write_file", Map.of("path", "notes/a.txt")),
                    step("b", "write_file", Map.of("path", "other/b.txt")),
                    step("c", "list_dir", Map.of("path", "notes")));

            // Then it waits for the write inside only
            assertThat(plan.step("c").reads()).containsExactly(Resource.prefix("file:notes/"));
            assertThat(pairs(plan)).containsExactly("a->c");
            assertThat(reasons(plan, "a", "c"))
                    .containsExactly("resource: a writes file:notes/a.txt / file:notes/*, c reads it");
        }

        @Test
        void shouldTouchThePrefixWhenTheArgumentIsAReferenceOrNotAScalar() {
            Plan plan = plan(
                    TOOLS,
                    produces("make", "work", "name"),
                    step("a", "write_file", Map.of("path", ref("make", "/name"))),
                    step("b", "write_file", Map.of("path", Fixtures.artifact("name"))),
                    step("c", "read_file", Map.of("path", List.of("x"))),
                    step("d", "read_file", Map.of("path", Map.of("dir", "x"))));

            for (String id : List.of("a", "b")) {
                assertThat(plan.step(id).writes()).containsExactly(Resource.prefix("file:"));
            }
            for (String id : List.of("c", "d")) {
                assertThat(plan.step(id).reads()).containsExactly(Resource.prefix("file:"));
            }
        }

        @Test
        void shouldKeepTheReadModeOfAPrefixResource() {
            // Given: readers of every file and of one file, and no writer
            Plan plan = plan(
                    TOOLS,
                    step("a", "read_file"),
                    step("b", "read_file", Map.of("path", "a.txt")),
                    step("c", "read_file"));

            // Then: readers never conflict, prefix or not
            assertThat(plan.edges()).isEmpty();
        }

        @Test
        void shouldOrderAPrefixReaderAfterEveryEarlierWriterUnderThePrefix() {
            Plan plan = plan(
                    TOOLS,
                    step("a", "write_file", Map.of("path", "a.txt")),
                    step("b", "write_file", Map.of("path", "b.txt")),
                    step("x", "create_user"),
                    step("all", "read_file"));

            assertThat(pairs(plan)).containsExactly("a->all", "b->all");
            assertThat(reasons(plan, "a", "all"))
                    .containsExactly("resource: a writes file:a.txt / file:*, all reads it");
        }

        @Test
        void shouldOrderAWriterAfterAnEarlierPrefixReader() {
            Plan plan = plan(TOOLS, step("all", "read_file"), step("w", "write_file", Map.of("path", "z.txt")));

            assertThat(reasons(plan, "all", "w"))
                    .containsExactly("resource: all reads file:* / file:z.txt, w writes it");
        }

        @Test
        void shouldReadAndWriteDifferentTemplatesOfOneStep() {
            Plan plan = plan(
                    TOOLS,
                    step("w", "write_file", Map.of("path", "in.txt")),
                    step("copy", "copy_file", Map.of("from", "in.txt", "to", "out.txt")),
                    step("r", "read_file", Map.of("path", "out.txt")));

            assertThat(pairs(plan)).containsExactly("w->copy", "copy->r");
        }
    }

    @Nested
    class StepsWithoutResourceInformation {

        @Test
        void shouldRunAStepWithoutResourceInformationAlone() {
            // Given: a step without resource information between steps that touch nothing
            Plan plan =
                    plan(TOOLS, step("a", "work"), step("b", "work"), step("old", "unspecified"), step("c", "work"));

            // Then: it waits for everything before it, and everything after it waits for it
            assertThat(pairs(plan)).containsExactly("a->old", "b->old", "old->c");
            assertThat(reasons(plan, "a", "old"))
                    .containsExactly("no_spec: old (unspecified) declares no resources, so it runs alone");
            assertThat(plan.analysis().levels()).containsExactly(List.of("a", "b"), List.of("old"), List.of("c"));
        }

        @Test
        void shouldRunSeveralStepsWithoutResourceInformationOneAfterAnotherInRequestOrder() {
            Plan plan = plan(TOOLS, step("x", "unspecified"), step("y", "unspecified"), step("z", "unspecified"));

            assertThat(pairs(plan)).containsExactly("x->y", "y->z");
            assertThat(plan.step("x").hasResourceInfo()).isFalse();
        }

        @Test
        void shouldOrderResourceConflictsOnBothSidesOfAStepWithoutResourceInformation() {
            Plan plan = plan(TOOLS, step("w1", "create_user"), step("old", "unspecified"), step("r", "list_users"));

            assertThat(pairs(plan)).containsExactly("w1->old", "old->r");
        }
    }

    @Nested
    class StepsThatFailAtPlanning {

        @Test
        void shouldFailAStepWithAnUnknownToolListingTheKnownTools() {
            ToolCatalog tools = catalog(pure("get_weather", LatencyClass.SLOW), pure("get_news", LatencyClass.SLOW));

            Plan plan = plan(tools, step("a", "get_wether"), step("b", "get_news"));

            assertThat(plan.step("a").failsAtPlanning()).isTrue();
            assertThat(plan.step("a").error())
                    .isEqualTo("unknown tool 'get_wether'. Known tools: get_news, get_weather");
            assertThat(plan.step("a").spec()).isNull();
            assertThat(plan.step("b").failsAtPlanning()).isFalse();
        }

        @Test
        void shouldSaySoWhenNoToolIsRegistered() {
            Plan plan = plan(catalog(), step("a", "anything"));

            assertThat(plan.step("a").error()).isEqualTo("unknown tool 'anything'. Known tools: none are registered");
        }

        @Test
        void shouldKeepTheDataFlowOfAFailingStepSoItsDependentsAreSkipped() {
            Plan plan = plan(TOOLS, step("a", "nope"), dependsOn("b", "work", "a"));

            assertThat(plan.predecessors("b"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.isDataFlow()).isTrue());
        }

        @Test
        void shouldNotLetAFailingStepConflictWithAnything() {
            // Given: an unknown tool would run alone if it ran; it never runs
            Plan plan = plan(TOOLS, step("a", "create_user"), step("x", "nope"), step("b", "create_user"));

            assertThat(pairs(plan)).containsExactly("a->b");
            assertThat(plan.analysis().serialMs()).isEqualTo(200);
        }

        @Test
        void shouldFailAToolCallWhoseArgumentsAreNotJsonWithoutRejectingThePlan() {
            PlanStep bad = PlanStep.withBadArguments(
                    "call_1",
                    "write_file",
                    "{\"path\": ",
                    "tool call 'call_1' (write_file): arguments are not valid JSON: Unexpected end-of-input");

            Plan plan = plan(TOOLS, bad, step("call_2", "write_file", Map.of("path", "a.txt")));

            assertThat(plan.step("call_1").error())
                    .isEqualTo(
                            "tool call 'call_1' (write_file): arguments are not valid JSON: Unexpected end-of-input");
            assertThat(plan.edges()).isEmpty();
            assertThat(plan.step("call_2").failsAtPlanning()).isFalse();
        }
    }

    @Nested
    class Rejections {

        @Test
        void shouldRejectDuplicateStepIds() {
            Rejection rejection = reject(TOOLS, step("a", "work"), step("b", "work"), step("a", "work"));

            assertThat(rejection.planId()).isEqualTo("p-test");
            assertThat(rejection.errors())
                    .containsExactly(new PlanError(List.of("a"), "duplicate step id 'a': steps #1 and #3 both use it"));
        }

        @Test
        void shouldRejectADependencyOnAMissingStep() {
            Rejection rejection = reject(TOOLS, step("a", "work"), dependsOn("b", "work", "zz"));

            assertThat(rejection.errors())
                    .containsExactly(new PlanError(
                            List.of("b"), "step 'b': depends_on names 'zz', which is not a step of this plan"));
        }

        @Test
        void shouldRejectAReferenceToAMissingStep() {
            Rejection rejection = reject(TOOLS, step("b", "work", Map.of("x", ref("zz"))));

            assertThat(rejection.errors())
                    .extracting(PlanError::message)
                    .containsExactly("step 'b': $ref 'zz' at args.x names no step of this plan");
        }

        @Test
        void shouldRejectAConsumedArtifactThatNoStepProduces() {
            Rejection rejection =
                    reject(TOOLS, consumes("a", "work", "users"), step("b", "work", Map.of("u", artifact("orders"))));

            assertThat(rejection.errors())
                    .extracting(PlanError::message)
                    .containsExactly(
                            "step 'a': consumes artifact 'users', but no step produces it",
                            "step 'b': $artifact 'orders' at args.u, but no step produces it");
        }

        @Test
        void shouldRejectAnArtifactThatSeveralStepsProduce() {
            Rejection rejection = reject(
                    TOOLS,
                    produces("a", "work", "users"),
                    produces("b", "work", "users"),
                    consumes("c", "work", "users"));

            assertThat(rejection.errors())
                    .containsExactly(
                            new PlanError(
                                    List.of("a", "b"),
                                    "artifact 'users' is produced by several steps: a, b (an artifact has exactly one producer)"));
        }

        @Test
        void shouldRejectMalformedReferenceObjects() {
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("both", Map.of("$ref", "a", "$artifact", "x"));
            args.put("extra", Map.of("$ref", "a", "note", "hi"));
            args.put("empty", Map.of("$ref", ""));
            args.put("number", Map.of("$artifact", 5));
            args.put("path", Map.of("$ref", "a", "path", "items/0"));
            args.put("tilde", Map.of("$ref", "a", "path", "/a~2b"));
            args.put("pathType", Map.of("$ref", "a", "path", 3));

            Rejection rejection = reject(TOOLS, step("a", "work"), step("b", "work", args));

            assertThat(rejection.errors())
                    .extracting(PlanError::message)
                    .containsExactly(
                            "step 'b': args.both: an object cannot hold both $ref and $artifact",
                            "step 'b': args.extra: a $ref object holds only $ref and path, found 'note'",
                            "step 'b': args.empty: $ref must be a non-empty string",
                            "step 'b': args.number: $artifact must be a non-empty string",
                            "step 'b': args.path: path 'items/0' is not a JSON pointer (it must be empty or start with '/')",
                            "step 'b': args.tilde: path '/a~2b' has '~' at position 2 not followed by 0 or 1",
                            "step 'b': args.pathType: path must be a JSON pointer string like \"/items/0\"");
            assertThat(rejection.errors()).allSatisfy(e -> assertThat(e.steps()).containsExactly("b"));
        }

        @Test
        void shouldRejectACycleNamingItsPath() {
            Rejection rejection = reject(
                    TOOLS,
                    step("a", "work", Map.of("v", ref("c"))),
                    dependsOn("b", "work", "a"),
                    dependsOn("c", "work", "b"));

            assertThat(rejection.errors())
                    .containsExactly(new PlanError(List.of("a", "b", "c", "a"), "cycle: a -> b -> c -> a"));
        }

        @Test
        void shouldRejectAStepThatDependsOnItself() {
            Rejection rejection = reject(TOOLS, step("a", "work"), dependsOn("b", "work", "b"));

            assertThat(rejection.errors()).extracting(PlanError::message).containsExactly("cycle: b -> b");
        }

        @Test
        void shouldRejectACycleThroughArtifactsAndNameOnlyTheCycle() {
            // Given: x -> y -> x through artifacts, and z downstream of the cycle
            Rejection rejection = reject(
                    TOOLS,
                    Fixtures.step("z", "work", Map.of(), List.of("y"), List.of(), List.of()),
                    Fixtures.step("x", "work", Map.of(), List.of(), List.of("fx"), List.of("fy")),
                    Fixtures.step("y", "work", Map.of(), List.of(), List.of("fy"), List.of("fx")));

            assertThat(rejection.errors()).extracting(PlanError::message).containsExactly("cycle: x -> y -> x");
        }

        @Test
        void shouldNotRejectAConflictThatRunsAgainstRequestOrder() {
            // Given: resource order would say a before b, data flow says b before a
            Plan plan = plan(TOOLS, dependsOn("a", "create_user", "b"), step("b", "create_user"));

            assertThat(pairs(plan)).containsExactly("b->a");
        }

        @Test
        void shouldReportEveryReferenceProblemAtOnce() {
            Rejection rejection =
                    reject(TOOLS, dependsOn("a", "work", "x"), dependsOn("b", "work", "y"), consumes("c", "work", "z"));

            assertThat(rejection.errors()).hasSize(3);
        }

        @Test
        void shouldSuggestALiteralForAnArgumentThatIsAJsonSchemaReference() {
            Rejection r = reject(TOOLS, step("a", "work", Map.of("schema", Map.of("$ref", "#/definitions/User"))));

            assertThat(r.errors())
                    .extracting(PlanError::message)
                    .containsExactly("step 'a': $ref '#/definitions/User' at args.schema names no step of this plan (to"
                            + " pass an object that holds $ref as it is, such as a JSON Schema, wrap it: {\"$literal\":"
                            + " ...})");
        }
    }

    @Nested
    class SmallEdgeSets {

        @Test
        void shouldGiveAWriterAfterAThousandReadersOneEdgePerReader() {
            List<PlanStep> steps = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                steps.add(step("r" + i, "list_users"));
            }
            steps.add(step("w", "create_user"));

            Plan plan = plan(TOOLS, steps.toArray(PlanStep[]::new));

            assertThat(plan.edges()).hasSize(1_000);
            assertThat(plan.predecessors("w")).hasSize(1_000);
        }

        @Test
        void shouldNotLinkTwoWritersSeparatedByReadersDirectly() {
            List<PlanStep> steps = new ArrayList<>();
            steps.add(step("w1", "create_user"));
            for (int i = 0; i < 1_000; i++) {
                steps.add(step("r" + i, "list_users"));
            }
            steps.add(step("w2", "create_user"));

            Plan plan = plan(TOOLS, steps.toArray(PlanStep[]::new));

            // Then: 1,000 reader edges on each side, and w2 reaches w1 only through them
            assertThat(plan.edges()).hasSize(2_000);
            assertThat(reasons(plan, "w1", "w2")).isEmpty();
        }

        @Test
        void shouldChainWritersOfOneResource() {
            List<PlanStep> steps = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                steps.add(step("w" + i, "create_user"));
            }

            Plan plan = plan(TOOLS, steps.toArray(PlanStep[]::new));

            assertThat(plan.edges()).hasSize(999);
            assertThat(plan.analysis().levels()).hasSize(1_000);
        }

        @Test
        void shouldKeepStepsWithoutResourceInformationLinear() {
            List<PlanStep> steps = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                steps.add(step("a" + i, "work"));
                steps.add(step("b" + i, "work"));
                steps.add(step("old" + i, "unspecified"));
            }

            Plan plan = plan(TOOLS, steps.toArray(PlanStep[]::new));

            assertThat(plan.edges().size()).isLessThanOrEqualTo(4 * steps.size());
        }
    }

    @Nested
    class Analysis {

        @Test
        void shouldComputeLevelsCriticalPathWidthAndSerialSum() {
            // Given: a (SLOW, 5 s) and b (FAST, 100 ms) in parallel, then c (FAST) needing both
            Plan plan = plan(TOOLS, step("a", "slow_work"), step("b", "work"), dependsOn("c", "work", "a", "b"));

            // Then
            PlanAnalysis analysis = plan.analysis();
            assertThat(analysis.levels()).containsExactly(List.of("a", "b"), List.of("c"));
            assertThat(analysis.criticalPath()).containsExactly("a", "c");
            assertThat(analysis.criticalPathMs()).isEqualTo(5_100);
            assertThat(analysis.serialMs()).isEqualTo(5_200);
            assertThat(analysis.maxWidth()).isEqualTo(2);
        }

        @Test
        void shouldUseTheEstimatesOfTheSettings() {
            Planner planner = new Planner(new PlannerSettings(Map.of(LatencyClass.FAST, 7L)));

            Plan plan = (Plan) planner.plan(Fixtures.request(step("a", "work"), dependsOn("b", "work", "a")), TOOLS);

            assertThat(plan.analysis().criticalPathMs()).isEqualTo(14);
        }

        @Test
        void shouldRejectNegativeEstimates() {
            assertThatThrownBy(() -> new PlannerSettings(Map.of(LatencyClass.SLOW, -1L)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("estimate for SLOW must be a non-negative number of ms");
        }
    }

    @Nested
    class Routing {

        @Test
        void shouldKeyAWriterByItsFirstWrittenResource() {
            Plan plan = plan(TOOLS, step("a", "write_file", Map.of("path", "a.txt")), step("b", "list_users"));

            assertThat(plan.step("a").routingKey()).isEqualTo("file:a.txt");
            assertThat(plan.step("b").routingKey()).isEqualTo("p-test/b");
        }

        @Test
        void shouldKeyByTheSpecsRoutingKeyTemplate() {
            ToolCatalog tools = catalog(io.planexec.model.ToolSpec.builder("send")
                    .writes("mail:{to}")
                    .routingKey("mailbox:{to}")
                    .build());

            Plan plan = plan(tools, step("a", "send", Map.of("to", "ann")));

            assertThat(plan.step("a").routingKey()).isEqualTo("mailbox:ann");
            assertThat(plan.step("a").latencyClass()).isEqualTo(LatencyClass.MEDIUM);
        }

        @Test
        void shouldNameAMissingStepWhenAsked() {
            Plan plan = plan(TOOLS, step("a", "work"));

            assertThat(plan.hasStep("a")).isTrue();
            assertThat(plan.successors("a")).isEmpty();
            assertThatThrownBy(() -> plan.step("zz"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("plan 'p-test' has no step 'zz'");
        }
    }
}
