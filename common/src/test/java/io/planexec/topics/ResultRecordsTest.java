package io.planexec.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResultRecordsTest {

    @Test
    void shouldSendAResultThatFitsAsOneRecordAndALargerOneInPartsOfTheLimit() {
        byte[] small = bytes(1_000);
        byte[] large = bytes(2_500);

        assertThat(ResultRecords.split(small, 1_000)).singleElement().isSameAs(small);
        List<byte[]> parts = ResultRecords.split(large, 1_000);
        assertThat(parts).extracting(p -> p.length).containsExactly(1_000, 1_000, 500);
    }

    @Test
    void shouldPutRandomResultsBackTogetherWhateverTheyContain() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] result = new byte[1 + random.nextInt(5_000)];
            random.nextBytes(result);
            List<byte[]> parts = ResultRecords.split(result, 1 + random.nextInt(1_500));
            ResultRecords.Assembly assembly = new ResultRecords.Assembly(10_000);
            byte[] whole = null;
            for (int p = 0; p < parts.size(); p++) {
                assertThat(whole).isNull();
                whole = parts.size() == 1
                        ? assembly.add(null, null, parts.get(p))
                        : assembly.add(part(p + 1, parts.size()), utf8("r"), parts.get(p));
            }
            assertThat(whole).isEqualTo(result);
            assertThat(assembly.inProgress()).isFalse();
        }
    }

    @Test
    void shouldStartOverWhenAResultIsSentAgainBeforeTheFirstCompletedAndDropAResultWithAGap() {
        ResultRecords.Assembly assembly = new ResultRecords.Assembly(100);

        // A sending cut short (its last part never came), then the same result sent again
        assertThat(assembly.add(part(1, 3), utf8("a"), utf8("x"))).isNull();
        assertThat(assembly.add(part(1, 2), utf8("b"), utf8("{\"ok\":"))).isNull();
        assertThat(assembly.add(part(2, 2), utf8("b"), utf8("1}")))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("{\"ok\":1}");

        // A result whose start was not seen never completes
        assertThat(assembly.add(part(2, 2), utf8("c"), utf8("1}"))).isNull();
        assertThat(assembly.inProgress()).isFalse();
    }

    @Test
    void shouldRefuseMalformedPartHeadersAndResultsOverTheLimitNamingThem() {
        ResultRecords.Assembly assembly = new ResultRecords.Assembly(10);

        assertThatThrownBy(() -> assembly.add(utf8("2-of-3"), utf8("r"), utf8("x")))
                .hasMessage("header planexec.result.part must be index/count, got '2-of-3'");
        assertThatThrownBy(() -> assembly.add(utf8("4/3"), utf8("r"), utf8("x")))
                .hasMessage("a result part must be index/count with 1 <= index <= count and count >= 2, got 4/3");
        assertThat(assembly.add(part(1, 2), utf8("r"), bytes(8))).isNull();
        assertThatThrownBy(() -> assembly.add(part(2, 2), utf8("r"), bytes(8)))
                .hasMessage("result r is larger than the limit of 10 bytes");
        assertThat(assembly.inProgress()).isFalse();
    }

    private static byte[] part(int index, int count) {
        return utf8(new ResultRecords.Part(index, count).text());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
