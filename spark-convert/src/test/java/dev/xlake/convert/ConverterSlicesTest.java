package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConverterSlicesTest {

    private static List<PageRef> pages(String scheme, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new PageRef(scheme + "://bucket/raw/page-" + i + ".json.gz", "kpop", "run", null, null))
                .toList();
    }

    @Test
    void shouldConvertATickInOneTask() {
        assertThat(Converter.slices(pages("s3", 10), 8)).isEqualTo(1);
        assertThat(Converter.slices(pages("file", Converter.MIN_PAGES_PER_TASK), 2))
                .isEqualTo(1);
    }

    @Test
    void shouldRunOneTaskPerCoreForLocalPagesAndFourPerCoreForObjectStoresAboveATick() {
        assertThat(Converter.slices(pages("file", 2_000), 2)).isEqualTo(2);
        assertThat(Converter.slices(pages("s3", 2_000), 2)).isEqualTo(8);
    }

    @Test
    void shouldGiveEachTaskAtLeastFiftyPages() {
        assertThat(Converter.slices(pages("s3", 126), 2)).isEqualTo(3);
        assertThat(Converter.slices(pages("s3", 21), 8)).isEqualTo(1);
        assertThat(Converter.slices(pages("file", 79), 2)).isEqualTo(2);
    }
}
