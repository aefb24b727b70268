package io.planexec.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.plan.References.Reference;
import io.planexec.plan.References.UnresolvableReferenceException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finding references in arguments and replacing them with the values they name. */
class ReferencesTest {

    private static final Map<String, Object> OUTPUTS = Map.of(
            "create", Map.of("id", "u-1", "tags", List.of("a", "b")),
            "count", 3,
            "fetch", List.of(Map.of("name", "Ann"), Map.of("name", "Bob")));

    private static Object output(String step) {
        return OUTPUTS.get(step);
    }

    private static String producer(String artifact) {
        return artifact.equals("users") ? "fetch" : null;
    }

    @Test
    void shouldPassALiteralAsWrittenWithoutLookingForReferencesInIt() {
        // Given an argument that is a JSON Schema with a $ref of its own, wrapped as a literal, beside a real reference
        Map<String, Object> schema = Map.of("$ref", "#/definitions/User", "definitions", Map.of("User", Map.of()));
        Map<String, Object> args = Map.of(
                "schema", Map.of("$literal", schema),
                "items", List.of(Map.of("$literal", Map.of("$artifact", "nothing"))),
                "id", Map.of("$ref", "create", "path", "/id"));

        // Then only the real reference is found, and resolving unwraps the literals exactly
        References.Scan scan = References.scan(args);
        assertThat(scan.problems()).isEmpty();
        assertThat(scan.references()).containsExactly(new Reference("$ref", "create", "/id", "args.id"));
        Map<String, Object> resolved = References.resolve(args, ReferencesTest::output, ReferencesTest::producer);
        assertThat(resolved)
                .containsEntry("schema", schema)
                .containsEntry("items", List.of(Map.of("$artifact", "nothing")))
                .containsEntry("id", "u-1");
    }

    @Test
    void shouldRefuseALiteralObjectWithOtherKeysNamingThem() {
        References.Scan scan = References.scan(Map.of("a", Map.of("$literal", 1, "path", "/x")));

        assertThat(scan.problems()).containsExactly("args.a: a $literal object holds only $literal, found ['path']");
    }

    @Test
    void shouldFindReferencesAtAnyDepthWithTheirLocation() {
        Map<String, Object> args = Map.of(
                "user", Map.of("id", Map.of("$ref", "create", "path", "/id")),
                "list", Arrays.asList(1, Map.of("$artifact", "users"), null));

        References.Scan scan = References.scan(args);

        assertThat(scan.problems()).isEmpty();
        assertThat(scan.references())
                .containsExactlyInAnyOrder(
                        new Reference("$ref", "create", "/id", "args.user.id"),
                        new Reference("$artifact", "users", "", "args.list[1]"));
    }

    @Test
    void shouldFindNothingInPlainArguments() {
        References.Scan scan = References.scan(Map.of("ref", "create", "path", "/id", "n", List.of(Map.of())));

        assertThat(scan.references()).isEmpty();
        assertThat(scan.problems()).isEmpty();
    }

    @Test
    void shouldReplaceReferencesWithWholeOutputsAndPointedParts() {
        Map<String, Object> args = Map.of(
                "id", Map.of("$ref", "create", "path", "/id"),
                "second_tag", Map.of("$ref", "create", "path", "/tags/1"),
                "count", Map.of("$ref", "count"),
                "first_user", Map.of("$artifact", "users", "path", "/0/name"),
                "keep", List.of("plain", Map.of("nested", Map.of("$ref", "count"))));

        Map<String, Object> resolved = References.resolve(args, ReferencesTest::output, ReferencesTest::producer);

        assertThat(resolved)
                .containsEntry("id", "u-1")
                .containsEntry("second_tag", "b")
                .containsEntry("count", 3)
                .containsEntry("first_user", "Ann")
                .containsEntry("keep", List.of("plain", Map.of("nested", 3)));
    }

    @Test
    void shouldNameTheReferenceAndTheMissingPartWhenAPointerSelectsNothing() {
        assertThatThrownBy(() -> References.resolve(
                        Map.of("id", Map.of("$ref", "create", "path", "/user/id")),
                        ReferencesTest::output,
                        ReferencesTest::producer))
                .isInstanceOf(UnresolvableReferenceException.class)
                .hasMessage("args.id: $ref 'create' path '/user/id': no member 'user' at /user");
        assertThatThrownBy(() -> References.resolve(
                        Map.of("x", List.of(Map.of("$artifact", "users", "path", "/5"))),
                        ReferencesTest::output,
                        ReferencesTest::producer))
                .isInstanceOf(UnresolvableReferenceException.class)
                .hasMessage("args.x[0]: $artifact 'users' (from step 'fetch') path '/5': no element 5 at /5 (the array"
                        + " has 2)");
    }
}
