package io.planexec.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 6901 JSON pointers over plain-Java JSON values. */
class JsonPointerTest {

    private static final Map<String, Object> DOC = Map.of(
            "items", List.of("a", "b", "c"),
            "a/b", 1,
            "m~n", 2,
            "", 3,
            "nested", Map.of("list", Arrays.asList(Map.of("x", true), null)));

    @Test
    void shouldAcceptTheEmptyPointerAndPointersStartingWithASlash() {
        assertThat(JsonPointer.check("")).isNull();
        assertThat(JsonPointer.check("/")).isNull();
        assertThat(JsonPointer.check("/items/0")).isNull();
        assertThat(JsonPointer.check("/a~1b/m~0n")).isNull();
    }

    @Test
    void shouldSayWhatIsWrongWithAnInvalidPointer() {
        assertThat(JsonPointer.check("items")).isEqualTo("is not a JSON pointer (it must be empty or start with '/')");
        assertThat(JsonPointer.check("/a~")).isEqualTo("has '~' at position 2 not followed by 0 or 1");
        assertThat(JsonPointer.check("/a~2")).isEqualTo("has '~' at position 2 not followed by 0 or 1");
    }

    @Test
    void shouldSelectMembersElementsAndEscapedNames() {
        assertThat(JsonPointer.select(DOC, "")).isSameAs(DOC);
        assertThat(JsonPointer.select(DOC, "/items/2")).isEqualTo("c");
        assertThat(JsonPointer.select(DOC, "/a~1b")).isEqualTo(1);
        assertThat(JsonPointer.select(DOC, "/m~0n")).isEqualTo(2);
        assertThat(JsonPointer.select(DOC, "/")).isEqualTo(3);
        assertThat(JsonPointer.select(DOC, "/nested/list/0/x")).isEqualTo(true);
        assertThat(JsonPointer.select(DOC, "/nested/list/1")).isNull();
    }

    @Test
    void shouldDecodeTildeOneBeforeTildeZero() {
        // "~01" is "~1" once decoded (not "/")
        assertThat(JsonPointer.select(Map.of("~1", "tilde-one", "/", "slash"), "/~01"))
                .isEqualTo("tilde-one");
    }

    @Test
    void shouldSayWhichTokenSelectsNothing() {
        assertThatThrownBy(() -> JsonPointer.select(DOC, "/nested/nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no member 'nope' at /nested/nope");
        assertThatThrownBy(() -> JsonPointer.select(DOC, "/items/3"))
                .hasMessage("no element 3 at /items/3 (the array has 3)");
        assertThatThrownBy(() -> JsonPointer.select(DOC, "/items/01"))
                .hasMessage("no element 01 at /items/01 (the array has 3)");
        assertThatThrownBy(() -> JsonPointer.select(DOC, "/items/-"))
                .hasMessage("no element - at /items/- (the array has 3)");
        assertThatThrownBy(() -> JsonPointer.select(DOC, "/items/0/x"))
                .hasMessage("cannot descend into a scalar at /items/0/x");
        assertThatThrownBy(() -> JsonPointer.select(DOC, "/nested/list/1/x"))
                .hasMessage("cannot descend into null at /nested/list/1/x");
    }
}
