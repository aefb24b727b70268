package io.planexec.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planexec.model.ResourceTemplate.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resource names and templates over a step's top-level arguments. */
class ResourceTemplateTest {

    @Test
    void shouldResolveALiteralToItself() {
        ResourceTemplate t = ResourceTemplate.parse("database:users");

        assertThat(t.isLiteral()).isTrue();
        assertThat(t.resolve(Map.of("path", "x"))).isEqualTo(Resource.exact("database:users"));
    }

    @Test
    void shouldSubstituteScalarArguments() {
        ResourceTemplate t = ResourceTemplate.parse("q:{dir}/{name}.{n}");

        assertThat(t.argumentNames()).containsExactly("dir", "name", "n");
        assertThat(t.resolve(Map.of("dir", "in", "name", "a", "n", 2))).isEqualTo(Resource.exact("q:in/a.2"));
        assertThat(t.resolve(Map.of("dir", true, "name", "a", "n", 2.5))).isEqualTo(Resource.exact("q:true/a.2.5"));
    }

    @Test
    void shouldFallBackToTheLiteralPrefixWhenAnArgumentIsMissingOrNotAScalar() {
        ResourceTemplate t = ResourceTemplate.parse("file:{dir}/{name}");

        assertThat(t.resolve(Map.of("dir", "in"))).isEqualTo(Resource.prefix("file:"));
        assertThat(t.resolve(Map.of("dir", List.of(), "name", "a"))).isEqualTo(Resource.prefix("file:"));
        assertThat(t.resolve(Map.of("dir", Map.of("$ref", "s"), "name", "a"))).isEqualTo(Resource.prefix("file:"));
        assertThat(t.resolve(null)).isEqualTo(Resource.prefix("file:"));
        assertThat(Resource.prefix("file:")).hasToString("file:*");
    }

    @Test
    void shouldMakeAPrefixOfATemplateEndingWithAStar() {
        ResourceTemplate dir = ResourceTemplate.parse("file:{path}/*");
        ResourceTemplate all = ResourceTemplate.parse("file:*");

        assertThat(dir.isWildcard()).isTrue();
        assertThat(dir.isLiteral()).isFalse();
        assertThat(dir.argumentNames()).containsExactly("path");
        assertThat(dir.resolve(Map.of("path", "notes"))).isEqualTo(Resource.prefix("file:notes/"));
        assertThat(dir.resolve(Map.of()))
                .as("a missing argument still falls back")
                .isEqualTo(Resource.prefix("file:"));
        assertThat(all.isLiteral()).isFalse();
        assertThat(all.resolve(Map.of())).isEqualTo(Resource.prefix("file:"));
        assertThat(Resource.prefix("file:notes/").overlaps(Resource.exact("file:notes/a.txt")))
                .isTrue();
        assertThat(Resource.prefix("file:notes/").overlaps(Resource.exact("file:other/b.txt")))
                .isFalse();
    }

    @Test
    void shouldRejectMalformedTemplatesSayingWhy() {
        assertThatThrownBy(() -> ResourceTemplate.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a resource must not be empty");
        assertThatThrownBy(() -> ResourceTemplate.parse("file:{path"))
                .hasMessage("resource 'file:{path': '{' at position 5 is not closed");
        assertThatThrownBy(() -> ResourceTemplate.parse("file:{}"))
                .hasMessage("resource 'file:{}': placeholder '{}' must name an argument ([A-Za-z0-9_]+)");
        assertThatThrownBy(() -> ResourceTemplate.parse("file:{a.b}"))
                .hasMessage("resource 'file:{a.b}': placeholder '{a.b}' must name an argument ([A-Za-z0-9_]+)");
    }

    @Test
    void shouldTellWhetherTwoResourcesCanNameTheSameThing() {
        Resource a = Resource.exact("file:a.txt");
        Resource b = Resource.exact("file:b.txt");
        Resource files = Resource.prefix("file:");
        Resource notes = Resource.prefix("file:notes/");
        Resource db = Resource.prefix("db:");

        assertThat(a.overlaps(a)).isTrue();
        assertThat(a.overlaps(b)).isFalse();
        assertThat(files.overlaps(a)).isTrue();
        assertThat(a.overlaps(files)).isTrue();
        assertThat(files.overlaps(notes)).isTrue();
        assertThat(notes.overlaps(files)).isTrue();
        assertThat(notes.overlaps(a)).isFalse();
        assertThat(db.overlaps(files)).isFalse();
    }
}
