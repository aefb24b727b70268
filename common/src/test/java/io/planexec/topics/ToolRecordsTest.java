package io.planexec.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.planexec.model.ToolSpec;
import io.planexec.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ToolRecordsTest {

    private final WireFormat wire = new WireFormat();
    private final ToolSpec weather =
            ToolSpec.builder("get_weather").touchesNothing().build();

    @Test
    void shouldRegisterASpecUnderItsOwnNameAndRemoveOnATombstone() {
        assertThat(ToolRecords.of("get_weather", wire.writeToolSpec(weather), wire))
                .isEqualTo(new ToolRecords.Register(weather));
        assertThat(ToolRecords.of("get_weather", null, wire)).isEqualTo(new ToolRecords.Remove("get_weather"));
    }

    @Test
    void shouldIgnoreARecordWithoutAKeyUnreadableOrUnderAnotherName() {
        assertThat(ToolRecords.of(null, wire.writeToolSpec(weather), wire))
                .isEqualTo(new ToolRecords.Ignore("record without a key (the key must be the tool name)"));
        assertThat(ToolRecords.of("x", "{".getBytes(StandardCharsets.UTF_8), wire))
                .isInstanceOf(ToolRecords.Ignore.class);
        assertThat(ToolRecords.of("get_news", wire.writeToolSpec(weather), wire))
                .isEqualTo(new ToolRecords.Ignore("the record's key is 'get_news' but its spec names tool"
                        + " 'get_weather' (the key must be the tool name)"));
    }
}
