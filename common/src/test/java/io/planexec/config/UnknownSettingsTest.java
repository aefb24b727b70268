package io.planexec.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class UnknownSettingsTest {

    private static final ConfigDef DEF = new ConfigDef()
            .define("planner.threads", ConfigDef.Type.INT, 1, ConfigDef.Importance.LOW, "threads")
            .define("planner.poll.ms", ConfigDef.Type.LONG, 20L, ConfigDef.Importance.LOW, "poll")
            .define("topic.prefix", ConfigDef.Type.STRING, "planexec", ConfigDef.Importance.LOW, "prefix");

    @Test
    void shouldRefuseAnUnknownSettingOfItsOwnNamespaceNamingTheClosestOne() {
        assertThatThrownBy(() ->
                        UnknownSettings.requireKnown(DEF, Map.of("planner.treads", "2"), List.of("planner.", "topic.")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown setting 'planner.treads' (did you mean 'planner.threads'?); every setting is"
                        + " listed in docs/operations.md");
    }

    @Test
    void shouldListEveryUnknownSettingAndSuggestNothingWhenNothingIsClose() {
        assertThatThrownBy(() -> UnknownSettings.requireKnown(
                        DEF, Map.of("planner.flux.capacitor", "1", "topic.prefx", "x"), List.of("planner.", "topic.")))
                .hasMessage("unknown settings 'planner.flux.capacitor', 'topic.prefx' (did you mean 'topic.prefix'?);"
                        + " every setting is listed in docs/operations.md");
    }

    @Test
    void shouldLeaveOtherNamespacesAndPassThroughSettingsAlone() {
        assertThatCode(() -> UnknownSettings.requireKnown(
                        DEF,
                        Map.of(
                                "executor.max.in.flight", "5",
                                "kafka.security.protocol", "SSL",
                                "streams.num.standby.replicas", "1",
                                "planner.threads", "2"),
                        List.of("planner.", "topic.")))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldMeasureTheEditDistance() {
        assertThat(UnknownSettings.distance("treads", "threads")).isEqualTo(1);
        assertThat(UnknownSettings.distance("", "abc")).isEqualTo(3);
        assertThat(UnknownSettings.distance("kitten", "sitting")).isEqualTo(3);
    }
}
