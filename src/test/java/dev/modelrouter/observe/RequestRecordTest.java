package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RequestRecordTest {

    @Test
    void writesMillisExactlyAsAThreePlaceDecimal() {
        long[] nanos = {
            0,
            999,
            1_000,
            5_000,
            9_999,
            10_000,
            99_000,
            100_000,
            999_999,
            1_000_000,
            1_250_000,
            11_750_000,
            123_456_789_012L,
            Long.MAX_VALUE,
            -1_000,
            -5_000,
            -1_250_000,
            Long.MIN_VALUE
        };
        for (long n : nanos) {
            assertThat(RequestRecord.millis(n))
                    .as("%d ns", n)
                    .isEqualTo(BigDecimal.valueOf(n / 1_000, 3).toString());
        }
        for (long n = 0; n < 3_000_000; n += 997) {
            assertThat(RequestRecord.millis(n))
                    .isEqualTo(BigDecimal.valueOf(n / 1_000, 3).toString());
        }
    }
}
